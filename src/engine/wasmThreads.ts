/**
 * tfjs-backend-wasm's threaded build, made to start where tfjs alone cannot: in Node (tfjs refuses,
 * tfjs#3830: its pthread workers come from Blob URLs, which Node's Worker cannot load) and in a
 * minified browser bundle (tfjs sends each pthread worker `factory.toString()` of its own, bundled
 * copy of the Emscripten glue; minification renames the outer-scope names that function refers to,
 * so the workers die with "… is not defined", esbuild#538, tfjs#4539).
 *
 * The fix is the same for both: while tfjs starts the backend, the Blob URL it makes for the pthread
 * worker script is replaced by one of ours — tfjs's own worker script, told to load the untouched
 * glue file (`mainScript`, the package's tfjs-backend-wasm-threaded-simd.js) instead of the Blob it
 * is sent. No tfjs file is changed; when the worker script does not have the expected shape (another
 * tfjs version), `pthreadWorkerScript` returns null and the caller stays on one thread.
 */

export interface WasmThreads {
  /** Whether to load the threaded build. */
  enabled: boolean;
  /** Why not, or what limits it; shown in the status line. */
  why: string;
  /** Pool size asked of tfjs (it caps it at half the logical cores, 1 … 8). */
  count?: number;
  /** Applied just while tfjs starts the backend; returns the undo. */
  install?: () => () => void;
}

/** The statement of tfjs 4.22's worker script that loads the glue from what the main thread sent. */
const LOAD_FROM_MESSAGE =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';

/**
 * tfjs's pthread worker script (`wasmWorkerContents`), loading `mainScript` instead; null when the
 * script is not the one this was written for.
 */
export function pthreadWorkerScript(workerContents: string, mainScript: string): string | null {
  // tfjs escapes the newlines of its template string the same way before making its Blob.
  const script = workerContents.replace(/\n/g, '\\n');
  if (!script.includes(LOAD_FROM_MESSAGE)) return null;
  return script.replace(LOAD_FROM_MESSAGE, `importScripts(${JSON.stringify(mainScript)});`);
}

/** While installed, the JavaScript Blob URL tfjs asks for (the pthread worker script) is `workerUrl`. */
export function substituteWorkerUrl(workerUrl: string): () => void {
  const original = URL.createObjectURL;
  URL.createObjectURL = (object: Blob | MediaSource) =>
    object instanceof Blob && object.type === 'application/javascript' ? workerUrl : original(object);
  return () => {
    URL.createObjectURL = original;
  };
}
