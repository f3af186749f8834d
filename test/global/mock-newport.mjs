// A local HTTP server speaking Newport AI's (DreamAPI) wire format, for the adapter's tests:
// async task endpoints answer {code:0, data:{taskId}}; /api/getAsyncResult reports status 1 → 2 → 3
// (or 4 with a reason); every request is recorded for the test to inspect at GET /__requests.
import { createServer } from "node:http";

export const MOCK_NEWPORT_KEY = "test-newport-key";
export const RESULT_MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom"), Buffer.alloc(4084, 7)]);

export function createMockNewport() {
  const tasks = new Map();
  const requests = [];
  let seq = 0;
  const reply = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  return createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString("utf8");
    const base = `http://${req.headers.host}`;
    if (req.method === "GET" && req.url === "/__requests") return reply(res, 200, requests);
    if (req.method === "DELETE" && req.url === "/__requests") return ((requests.length = 0), reply(res, 200, {}));
    // Result files (what Newport hosts for 24 h): a stand-in MP4 of known bytes.
    if (req.method === "GET" && req.url?.startsWith("/files/")) {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": RESULT_MP4.length });
      return res.end(RESULT_MP4);
    }
    let body = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {}
    requests.push({
      method: req.method,
      path: req.url,
      authorization: req.headers.authorization ?? null,
      contentType: req.headers["content-type"] ?? null,
      body,
    });
    if (req.headers.authorization !== `Bearer ${MOCK_NEWPORT_KEY}`) return reply(res, 200, { code: 13006, message: "key is invalid", data: null });
    const create = (result, fail) => {
      const taskId = `task${++seq}`;
      tasks.set(taskId, { polls: 0, result, fail });
      return reply(res, 200, { code: 0, message: "success", data: { taskId } });
    };
    switch (req.url) {
      case "/api/async/voice_clone":
        if (!body?.voiceUrl) break;
        return create({ cloneId: `clone${seq + 1}` });
      case "/api/async/do_tts_clone":
        if (!body?.cloneId || !body?.text || !body?.lan) break;
        return create(
          { audios: [{ audioUrl: `${base}/files/tts.wav`, audioType: ".wav" }] },
          body.text.includes("[fail]") ? "tts engine rejected the text" : null,
        );
      case "/api/async/talking_face":
        if (!body?.srcVideoUrl || !body?.audioUrl || !body?.videoParams) break;
        return create({ videos: [{ videoUrl: `${base}/files/result.mp4`, videoType: "mp4" }] });
      case "/api/getAsyncResult": {
        const t = tasks.get(body?.taskId);
        if (!t) break;
        t.polls++;
        const status = t.polls === 1 ? 1 : t.polls === 2 ? 2 : t.fail ? 4 : 3;
        const task = { taskId: body.taskId, status, reason: status === 4 ? t.fail : "" };
        return reply(res, 200, { code: 0, message: "success", data: { task, ...(status === 3 ? t.result : {}) } });
      }
    }
    return reply(res, 200, { code: 10192, message: "illegal param", data: null });
  });
}
