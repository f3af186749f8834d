/** Only http(s) addresses become links (the server accepts nothing else; this keeps any other scheme inert regardless). */
export const safeHref = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);
