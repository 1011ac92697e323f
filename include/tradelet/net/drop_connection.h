// Fault injection for servers built on cpp-httplib (the paper exchange, the test server):
// dropping one connection so the client sees it close with no response at all.
#pragma once

namespace tradelet::net {

// cpp-httplib does not expose a request's socket, so this finds this process's IPv4 socket
// whose local and peer ports are the request's (`local_port`, `remote_port`) and shuts it down
// (SHUT_RDWR). The server keeps ownership of the descriptor and closes it after its failed
// write. Does nothing when no such socket exists. Linux only (/proc/self/fd).
void ShutdownServerConnection(int local_port, int remote_port);

}  // namespace tradelet::net
