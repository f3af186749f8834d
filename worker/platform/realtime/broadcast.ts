/** Sends one JSON event to every socket; returns how many got it. A socket closing mid-send is skipped, not an error. */
export function broadcast(sockets: Iterable<WebSocket>, event: unknown): number {
  const data = JSON.stringify(event);
  let sent = 0;
  for (const ws of sockets) {
    try {
      ws.send(data);
      sent++;
    } catch {
      // closing socket
    }
  }
  return sent;
}
