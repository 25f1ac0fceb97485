#pragma once

#include <grpcpp/support/status.h>

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace google::protobuf {
class Message;
}

namespace greenlight::gateway {

// The stored answers to commands, by (operator, idempotency key), so a command sent again (after
// a timeout, say) has no second effect and gets the first answer byte for byte. A key reused for
// a different command (another fingerprint) is refused. Holds at most `capacity` answers and
// forgets the oldest first. Not thread-safe: the owner locks.
class AnswerCache
{
public:
    explicit AnswerCache(std::size_t capacity);

    // A stored answer, or the refusal of a key that answered a different command.
    struct Replay {
        grpc::Status status;
        bool keyReused = false;      // the key answered a different command: status refuses it
    };
    // The answer stored for this operator and key: its status, with *response filled when it was
    // OK; INVALID_ARGUMENT (keyReused) when the key answered a different command; nullopt when
    // none is stored.
    std::optional<Replay> replay(const std::string &operatorName, const std::string &key,
                                       const std::string &fingerprint, google::protobuf::Message *response) const;
    // Stores an answer (the response only counts when status is OK).
    void store(const std::string &operatorName, const std::string &key, const std::string &fingerprint,
               const grpc::Status &status, const google::protobuf::Message &response);

private:
    struct Answer {
        std::string fingerprint;     // the command it answered
        grpc::StatusCode code = grpc::StatusCode::OK;
        std::string message;
        std::string response;        // the serialized response when code is OK
    };

    const std::size_t m_capacity;
    std::map<std::string, Answer> m_answers;  // operator '\n' key -> answer
    std::deque<std::string> m_order;          // oldest first
};

} // namespace greenlight::gateway
