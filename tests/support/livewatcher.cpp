#include "livewatcher.h"

#include "convert/protoconvert.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QCoreApplication>
#include <QThread>

#include <chrono>

namespace greenlight::testing {

void sleepPoll(int ms)
{
    if (QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread())
        QCoreApplication::processEvents(QEventLoop::AllEvents, ms);
    QThread::msleep(static_cast<unsigned long>(ms));
}

LiveWatcher::~LiveWatcher()
{
    stop();
}

bool LiveWatcher::start(const std::string &address, std::string *error, const std::string &token)
{
    m_token = token;
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(256 * 1024 * 1024);
    const auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    m_stub = v1::CityService::NewStub(channel);
    v1::CityLayout layout;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (!m_token.empty())
        context.AddMetadata("authorization", "Bearer " + m_token);
    const auto status = m_stub->GetLayout(&context, {}, &layout);
    if (!status.ok()) {
        *error = "GetLayout: " + status.error_message();
        return false;
    }
    m_layout = convert::fromProto(layout);
    for (std::size_t i = 0; i < m_layout.intersections.size(); ++i)
        m_index.emplace(m_layout.intersections[i].id, static_cast<int>(i));
    m_states.assign(m_layout.intersections.size(), std::string());
    m_phases.assign(m_layout.intersections.size(), -1);
    m_monitor.addLayout(m_layout);
    m_context = std::make_unique<grpc::ClientContext>();
    if (!m_token.empty())
        m_context->AddMetadata("authorization", "Bearer " + m_token);
    m_thread = std::thread([this] { run(); });
    return true;
}

void LiveWatcher::stop()
{
    m_stopping = true;
    if (m_context)
        m_context->TryCancel();
    if (m_thread.joinable())
        m_thread.join();
}

void LiveWatcher::run()
{
    v1::StreamLiveRequest request;
    request.set_include_vehicles(false);
    auto reader = m_stub->StreamLive(m_context.get(), request);
    v1::LiveUpdate update;
    while (!m_stopping && reader->Read(&update))
        apply(update);
    reader->Finish();
}

void LiveWatcher::apply(const v1::LiveUpdate &update)
{
    const std::lock_guard lock(m_mutex);
    ++m_messages;
    if (update.kind() == v1::LiveUpdate::KIND_SNAPSHOT) {
        ++m_snapshots;
        m_controls.clear();
    }
    m_simTime = update.sim_time_s();
    for (const auto &s : update.signals()) {
        const std::size_t i = s.intersection_index();
        if (i >= m_states.size())
            continue;
        std::string state;
        state.reserve(static_cast<std::size_t>(s.colours_size()));
        for (int c : s.colours())
            state.push_back(core::letterFromColour(static_cast<core::SignalColour>(c)));
        m_phases[i] = static_cast<int>(s.phase_index());
        if (state != m_states[i]) {
            m_states[i] = state;
            m_monitor.observe(static_cast<int>(i), update.sim_time_s(), state);
        }
    }
    for (const auto &c : update.controls()) {
        auto control = convert::fromProto(c);
        if (control.lease || control.override_)
            m_controls[control.intersection] = std::move(control);
        else
            m_controls.erase(control.intersection);
    }
}

std::string LiveWatcher::state(const std::string &intersectionId) const
{
    const std::lock_guard lock(m_mutex);
    const auto found = m_index.find(intersectionId);
    return found == m_index.end() ? std::string() : m_states[static_cast<std::size_t>(found->second)];
}

int LiveWatcher::phase(const std::string &intersectionId) const
{
    const std::lock_guard lock(m_mutex);
    const auto found = m_index.find(intersectionId);
    return found == m_index.end() ? -1 : m_phases[static_cast<std::size_t>(found->second)];
}

std::optional<core::IntersectionControl> LiveWatcher::control(const std::string &intersectionId) const
{
    const std::lock_guard lock(m_mutex);
    const auto found = m_index.find(intersectionId);
    if (found == m_index.end())
        return std::nullopt;
    const auto control = m_controls.find(found->second);
    if (control == m_controls.end())
        return std::nullopt;
    return control->second;
}

double LiveWatcher::simTime() const
{
    const std::lock_guard lock(m_mutex);
    return m_simTime;
}

std::uint64_t LiveWatcher::messages() const
{
    const std::lock_guard lock(m_mutex);
    return m_messages;
}

std::uint64_t LiveWatcher::snapshots() const
{
    const std::lock_guard lock(m_mutex);
    return m_snapshots;
}

std::uint64_t LiveWatcher::violations() const
{
    const std::lock_guard lock(m_mutex);
    std::uint64_t total = 0;
    for (const auto &intersection : m_layout.intersections)
        for (const char *rule : core::safety::ConflictMonitor::kRules) {
            const auto at = m_countsAtReset.find(intersection.id + '/' + rule);
            total += m_monitor.count(intersection.id, rule) - (at == m_countsAtReset.end() ? 0 : at->second);
        }
    return total;
}

std::uint64_t LiveWatcher::violationsAt(const std::set<std::string> &intersectionIds) const
{
    const std::lock_guard lock(m_mutex);
    std::uint64_t total = 0;
    for (const auto &id : intersectionIds)
        for (const char *rule : core::safety::ConflictMonitor::kRules) {
            const auto at = m_countsAtReset.find(id + '/' + rule);
            total += m_monitor.count(id, rule) - (at == m_countsAtReset.end() ? 0 : at->second);
        }
    return total;
}

std::string LiveWatcher::summary() const
{
    const std::lock_guard lock(m_mutex);
    return m_monitor.summary(20);
}

void LiveWatcher::resetCounts()
{
    const std::lock_guard lock(m_mutex);
    for (const auto &intersection : m_layout.intersections)
        for (const char *rule : core::safety::ConflictMonitor::kRules)
            m_countsAtReset[intersection.id + '/' + rule] = m_monitor.count(intersection.id, rule);
}

} // namespace greenlight::testing
