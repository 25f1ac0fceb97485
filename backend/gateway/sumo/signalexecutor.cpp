#include "signalexecutor.h"

#include "gateway/logging.h"

#include <libsumo/libsumo.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace greenlight::gateway::sumo {

namespace {

double wallSeconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t wallMillis()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

struct SignalExecutor::Request {
    enum class State { Waiting, Taken, Answered, Abandoned };
    FieldCommand command;
    State state = State::Waiting;
    FieldReply reply;
};

SignalExecutor::SignalExecutor(const core::CityLayout &layout, double freshnessS, double stepS,
                               std::function<void()> wake)
    : m_freshness(freshnessS)
    , m_wake(std::move(wake))
{
    m_lights.reserve(layout.intersections.size());
    for (const auto &intersection : layout.intersections) {
        m_index.emplace(intersection.id, m_lights.size());
        Light light;
        light.id = intersection.id;
        light.programId = intersection.programId;
        light.runner = std::make_unique<core::safety::OverrideRunner>(intersection, core::safety::TimingLimits{}, stepS);
        m_lights.push_back(std::move(light));
    }
}

SignalExecutor::~SignalExecutor()
{
    close();
}

void SignalExecutor::setListener(std::function<void(const FieldEvent &)> listener)
{
    const std::lock_guard lock(m_mutex);
    m_listener = std::move(listener);
}

FieldReply SignalExecutor::execute(const FieldCommand &command, std::chrono::milliseconds timeout)
{
    auto request = std::make_shared<Request>();
    request->command = command;
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed) {
            request->reply.message = "the simulation has stopped";
            return request->reply;
        }
        m_inbox.push_back(request);
    }
    if (m_wake)
        m_wake();
    std::unique_lock lock(m_mutex);
    const bool done = m_answered.wait_for(lock, timeout, [&] { return request->state == Request::State::Answered; });
    if (!done && request->state == Request::State::Waiting) {
        request->state = Request::State::Abandoned;
        FieldReply reply;
        reply.message = "the field did not take the command within "
            + std::to_string(static_cast<int>(timeout.count())) + " ms; nothing was changed";
        return reply;
    }
    // Taken by the simulation thread: its answer is moments away.
    m_answered.wait(lock, [&] { return request->state == Request::State::Answered; });
    return request->reply;
}

bool SignalExecutor::hasInbox() const
{
    const std::lock_guard lock(m_mutex);
    return !m_inbox.empty();
}

void SignalExecutor::close()
{
    const std::lock_guard lock(m_mutex);
    m_closed = true;
    for (auto &request : m_inbox) {
        if (request->state == Request::State::Waiting) {
            request->reply.message = "the simulation has stopped";
            request->state = Request::State::Answered;
        }
    }
    m_inbox.clear();
    m_answered.notify_all();
}

void SignalExecutor::observe(std::size_t index, const std::string &state, double simTimeS)
{
    Light &light = m_lights[index];
    light.runner->observe(state, simTimeS);
    m_freshness.heard(light.id, wallSeconds());
    if (!light.effectiveReported && light.runner->stage() == core::safety::RunnerStage::Effective) {
        light.effectiveReported = true;
        emit(FieldEvent::Kind::Effective, light, simTimeS);
    }
}

void SignalExecutor::afterStep(double simTimeS)
{
    serveInbox(simTimeS);
    // Copy: act() may retire lights from the list.
    const std::vector<std::size_t> active = m_active;
    for (std::size_t index : active)
        act(index, simTimeS);
}

void SignalExecutor::serveInbox(double simTimeS)
{
    for (;;) {
        std::shared_ptr<Request> request;
        {
            const std::lock_guard lock(m_mutex);
            if (m_inbox.empty())
                return;
            request = m_inbox.front();
            m_inbox.pop_front();
            if (request->state != Request::State::Waiting)
                continue;
            request->state = Request::State::Taken;
        }
        serve(*request, simTimeS);
        const std::lock_guard lock(m_mutex);
        request->state = Request::State::Answered;
        m_answered.notify_all();
    }
}

void SignalExecutor::serve(Request &request, double simTimeS)
{
    FieldReply &reply = request.reply;
    const auto found = m_index.find(request.command.intersectionId);
    if (found == m_index.end()) {
        reply.outcome = FieldReply::Outcome::NotFound;
        reply.message = "the field has no traffic light " + request.command.intersectionId;
        return;
    }
    Light &light = m_lights[found->second];
    if (const auto stale = m_freshness.refusal(light.id, wallSeconds())) {
        reply.outcome = FieldReply::Outcome::Stale;
        reply.message = *stale;
        return;
    }
    if (light.runner->overriding() && light.key.rfind(kWaveKeyPrefix, 0) == 0) {
        // A green wave drives it (S11); operators cannot hold it meanwhile, so this is a late
        // command from before the wave took it.
        reply.outcome = FieldReply::Outcome::Refused;
        reply.message = "a green wave holds the intersection (" + light.key.substr(std::strlen(kWaveKeyPrefix))
            + ") until its vehicle has passed";
        return;
    }
    const core::safety::Plan plan = commandNow(found->second, request.command.command, request.command.key, simTimeS);
    if (!plan.accepted) {
        reply.outcome = FieldReply::Outcome::Refused;
        reply.message = plan.reason;
        return;
    }
    reply.outcome = FieldReply::Outcome::Accepted;
    reply.message = plan.reason;
    reply.targetPhase = plan.targetPhase;
    reply.plannedEffectiveSimS = plan.steps.empty() ? simTimeS : plan.steps.back().startS;
    reply.nothingToDo = plan.steps.empty();
}

int SignalExecutor::indexOf(const std::string &intersectionId) const
{
    const auto found = m_index.find(intersectionId);
    return found == m_index.end() ? -1 : static_cast<int>(found->second);
}

core::safety::Plan SignalExecutor::preview(std::size_t index, const core::safety::Command &command,
                                           double simTimeS) const
{
    return m_lights[index].runner->preview(command, simTimeS);
}

int SignalExecutor::programmePhaseShown(std::size_t index) const
{
    const auto &runner = *m_lights[index].runner;
    if (!runner.overriding())
        return -1;
    return runner.timing().phaseOfState(runner.display().state());
}

int SignalExecutor::programmePhase(std::size_t index) const
{
    const Light &light = m_lights[index];
    if (light.runner->overriding())
        return -1;
    try {
        return libsumo::TrafficLight::getPhase(light.id);
    } catch (const std::exception &) {
        return -1;
    }
}

bool SignalExecutor::showsTarget(std::size_t index, const std::string &key) const
{
    const Light &light = m_lights[index];
    return light.key == key && light.runner->stage() == core::safety::RunnerStage::Effective;
}

core::safety::Plan SignalExecutor::commandNow(std::size_t index, const core::safety::Command &command,
                                              const std::string &key, double simTimeS)
{
    Light &light = m_lights[index];
    const core::safety::Plan plan = light.runner->command(command, simTimeS);
    if (lcSumo().isDebugEnabled()) {
        std::string steps;
        for (const auto &step : plan.steps)
            steps += " " + step.state + "@" + std::to_string(step.startS);
        qCDebug(lcSumo, "%s command %d at %.1f showing %s: %s%s", light.id.c_str(), static_cast<int>(command.kind),
                simTimeS, light.runner->display().state().c_str(), plan.accepted ? "accepted" : plan.reason.c_str(),
                steps.c_str());
    }
    if (!plan.accepted || plan.steps.empty())
        return plan;
    light.key = key;
    light.effectiveReported = command.kind == core::safety::CommandKind::Restore;
    if (std::find(m_active.begin(), m_active.end(), index) == m_active.end())
        m_active.push_back(index);
    act(index, simTimeS);
    return plan;
}

void SignalExecutor::act(std::size_t index, double simTimeS)
{
    using TL = libsumo::TrafficLight;
    Light &light = m_lights[index];
    const core::safety::FieldAction action = light.runner->due(simTimeS);
    try {
        if (action.kind == core::safety::FieldAction::Kind::Show) {
            qCDebug(lcSumo, "%s shows %s at %.1f", light.id.c_str(), action.state.c_str(), simTimeS);
            TL::setRedYellowGreenState(light.id, action.state);
        } else if (action.kind == core::safety::FieldAction::Kind::HandBack) {
            TL::setProgram(light.id, light.programId);
            TL::setPhase(light.id, action.phase);
            qCInfo(lcSumo, "%s back on programme %s at phase %d", light.id.c_str(), light.programId.c_str(),
                   action.phase);
            emit(FieldEvent::Kind::HandedBack, light, simTimeS);
        }
    } catch (const std::exception &e) {
        qCWarning(lcSumo, "cannot set traffic light %s: %s", light.id.c_str(), e.what());
    }
    if (!light.runner->overriding() && !light.runner->awaitingField())
        m_active.erase(std::remove(m_active.begin(), m_active.end(), index), m_active.end());
}

void SignalExecutor::emit(FieldEvent::Kind kind, const Light &light, double simTimeS)
{
    std::function<void(const FieldEvent &)> listener;
    {
        const std::lock_guard lock(m_mutex);
        listener = m_listener;
    }
    if (!listener)
        return;
    FieldEvent event;
    event.kind = kind;
    event.intersectionId = light.id;
    event.key = light.key;
    event.simTimeS = simTimeS;
    event.unixMs = wallMillis();
    listener(event);
}

} // namespace greenlight::gateway::sumo
