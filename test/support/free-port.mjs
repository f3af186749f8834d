import { createServer } from "node:net";

/**
 * A port the OS says is free right now. Test servers use these instead of fixed numbers, so two
 * suites (or `npm start` and `npm test`) can run side by side on one machine.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}
