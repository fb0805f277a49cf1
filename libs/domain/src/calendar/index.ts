export * from './office-calendar.types';
export * from './national-holidays';
export * from './office-calendar';
