// Local stand-ins started by `npm start` beside wrangler dev. Each entry returns a child
// process, or null (with a printed reason) when it cannot run on this machine.
// Capabilities add their service here (e.g. the media renderer).
export const localServices = [];
