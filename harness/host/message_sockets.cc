// lunatic::message push/take of TCP streams, TLS streams and UDP sockets. The harness has no
// networking, so no process ever holds a socket: a push always finds an unknown resource id
// (it removes the resource before it looks at the scratch area), and a take, past the
// scratch-area checks, always fails take_downcast. Registered so that lunatic-rs modules that
// import them link (spec/lunatic-message.md).
#include "harness/host/registry.h"

namespace lh::host {
namespace {

template <TrapId Missing>
HostResult push_socket(HostCall&) {
  return HostResult::trap(Missing);
}

template <TrapId NoMessage, TrapId Missing>
HostResult take_socket(HostCall& call) {
  if (!call.process.scratch) return HostResult::trap(NoMessage);
  switch (call.process.scratch->kind) {
    case sim::Message::Kind::LinkDied: return HostResult::trap(TrapId::NotDataMessage);
    case sim::Message::Kind::ProcessDied: return HostResult::trap(TrapId::MessageProcessDied);
    case sim::Message::Kind::Data: break;
  }
  return HostResult::trap(Missing);
}

}  // namespace

void add_message_socket_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::message";
  out.push_back(
      {ns, "push_tcp_stream", {WASM_I64}, {WASM_I64}, push_socket<TrapId::PushTcpStreamMissing>});
  out.push_back({ns,
                 "take_tcp_stream",
                 {WASM_I64},
                 {WASM_I64},
                 take_socket<TrapId::TakeTcpStreamNoMessage, TrapId::TakeTcpStreamMissing>});
  out.push_back(
      {ns, "push_tls_stream", {WASM_I64}, {WASM_I64}, push_socket<TrapId::PushTlsStreamMissing>});
  out.push_back({ns,
                 "take_tls_stream",
                 {WASM_I64},
                 {WASM_I64},
                 take_socket<TrapId::TakeTlsStreamNoMessage, TrapId::TakeTlsStreamMissing>});
  out.push_back(
      {ns, "push_udp_socket", {WASM_I64}, {WASM_I64}, push_socket<TrapId::PushUdpSocketMissing>});
  out.push_back({ns,
                 "take_udp_socket",
                 {WASM_I64},
                 {WASM_I64},
                 take_socket<TrapId::TakeUdpSocketNoMessage, TrapId::TakeUdpSocketMissing>});
}

}  // namespace lh::host
