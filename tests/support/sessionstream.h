#pragma once

#include "greenlight/v1/control.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace greenlight::testing {

// An operator's session stream (ControlService.OpenSession) read on a thread of its own, open
// until cut() or destruction, as a console keeps it.
class SessionStream
{
public:
    SessionStream(const std::string &address, const std::string &token);
    ~SessionStream();

    // Ends the session from the client's side (as a lost connection would) and joins the thread.
    void cut();
    // True once the gateway said the session is open.
    bool opened() const { return count(v1::SessionEvent::KIND_OPENED) > 0; }
    // How many events of this kind arrived.
    int count(v1::SessionEvent::Kind kind) const;
    // The message of the latest event ("" before any).
    std::string lastMessage() const;
    // True once the stream ended.
    bool ended() const { return m_ended; }

private:
    std::unique_ptr<v1::ControlService::Stub> m_stub;
    grpc::ClientContext m_context;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::vector<v1::SessionEvent> m_events;
    std::atomic<bool> m_ended{false};
};

} // namespace greenlight::testing
