export * from './hashes';
export * from './tree-shape';
export * from './merkle-frontier';
export * from './proofs';
export * from './canonical-json';
export * from './note-keys';
export * from './signed-note';
export * from './checkpoint';
