#include "answercache.h"

#include <google/protobuf/message.h>

namespace greenlight::gateway {

AnswerCache::AnswerCache(std::size_t capacity)
    : m_capacity(capacity)
{
}

std::optional<AnswerCache::Replay> AnswerCache::replay(const std::string &operatorName, const std::string &key,
                                                const std::string &fingerprint,
                                                google::protobuf::Message *response) const
{
    const auto found = m_answers.find(operatorName + '\n' + key);
    if (found == m_answers.end())
        return std::nullopt;
    const Answer &answer = found->second;
    if (answer.fingerprint != fingerprint)
        return Replay{grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                   "idempotency key " + key + " was already used for a different command; use a fresh key"),
                      true};
    if (answer.code != grpc::StatusCode::OK)
        return Replay{grpc::Status(answer.code, answer.message), false};
    response->ParseFromString(answer.response);
    return Replay{grpc::Status::OK, false};
}

void AnswerCache::store(const std::string &operatorName, const std::string &key, const std::string &fingerprint,
                        const grpc::Status &status, const google::protobuf::Message &response)
{
    const std::string cacheKey = operatorName + '\n' + key;
    const bool fresh = m_answers.count(cacheKey) == 0;
    m_answers[cacheKey] = Answer{fingerprint, status.error_code(), status.error_message(),
                                 status.ok() ? response.SerializeAsString() : std::string()};
    if (!fresh)
        return;
    m_order.push_back(cacheKey);
    while (m_order.size() > m_capacity) {
        m_answers.erase(m_order.front());
        m_order.pop_front();
    }
}

} // namespace greenlight::gateway
