// The screens run in a browser. The root tsconfig (Node only) type-checks every file under apps/, these
// included, so the DOM library is named here rather than in each file.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/** Styles are bundled by Vite; importing one only adds it to the page. */
declare module '*.css';
