import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { AcceptSchema, IdParam, ListQuery, MemorySchema, MemoryTextSchema, ProposalQuery } from "./memory.schemas";

const auth = { security: bearer, middleware: requireAuth, tags: ["memories"] };

export const memoryRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: "Your accepted memories, newest first (q: text contains)",
      ...auth,
      request: { query: ListQuery },
      responses: { 200: json(z.object({ items: z.array(MemorySchema), nextCursor: z.string().nullable() })), ...errors(400, 401, 422) },
    }),
    async (c) => c.json(await c.get("services").memories.list(c.get("auth").userId, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Add a memory in your own words (indexed as knowledge of kind memory)",
      ...auth,
      request: jsonBody(MemoryTextSchema),
      responses: { 201: json(MemorySchema, "Created; indexing is queued"), ...errors(400, 401, 422) },
    }),
    async (c) => c.json(await c.get("services").memories.create(c.get("auth").userId, c.req.valid("json").text), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/proposals",
      summary: "Facts you told your clone that wait for your accept, edit or reject (conversationId: of one chat)",
      ...auth,
      request: { query: ProposalQuery },
      responses: { 200: json(z.object({ items: z.array(MemorySchema) })), ...errors(401, 404, 422) },
    }),
    async (c) => c.json({ items: await c.get("services").memories.proposals(c.get("auth").userId, c.req.valid("query").conversationId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/accept",
      summary: "Remember a proposed fact, optionally in edited words",
      ...auth,
      request: { params: IdParam, ...jsonBody(AcceptSchema) },
      responses: { 200: json(MemorySchema), ...errors(400, 401, 404, 409, 422) },
    }),
    async (c) => c.json(await c.get("services").memories.accept(c.get("auth").userId, c.req.valid("param").id, c.req.valid("json").text), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/reject",
      summary: "Do not remember a proposed fact (it is not proposed again)",
      ...auth,
      request: { params: IdParam },
      responses: { 200: json(MemorySchema), ...errors(401, 404, 409) },
    }),
    async (c) => c.json(await c.get("services").memories.reject(c.get("auth").userId, c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      summary: "Reword an accepted memory (re-indexed; the old words are no longer found)",
      ...auth,
      request: { params: IdParam, ...jsonBody(MemoryTextSchema) },
      responses: { 200: json(MemorySchema), ...errors(400, 401, 404, 409, 422) },
    }),
    async (c) => c.json(await c.get("services").memories.update(c.get("auth").userId, c.req.valid("param").id, c.req.valid("json").text), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      summary: "Forget a memory: its knowledge entry, chunks and vectors are deleted",
      ...auth,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errors(401, 404) },
    }),
    async (c) => {
      await c.get("services").memories.delete(c.get("auth").userId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
