/**
 * A peer in its own process, for the "peer vanished" tests: connects to 127.0.0.1:<port>, sends
 * "hello\n", prints "connected" and then does nothing until it is killed (SIGKILL, so it says nothing
 * more: its kernel closes the connection on its behalf).
 */
import * as net from "node:net"

const port = Number(process.argv[2])
const sock = net.connect(port, "127.0.0.1", () => {
  sock.write("hello\n", () => process.stdout.write("connected\n"))
})
sock.pause()
setInterval(() => {}, 1 << 30)
