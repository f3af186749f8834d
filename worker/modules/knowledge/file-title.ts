/** A file's name as a document title: its last path segment without the extension ("notes/Trip.md" → "Trip"). */
export const fileTitle = (path: string): string => (path.split("/").pop() ?? "").replace(/\.[^.]+$/, "").trim();
