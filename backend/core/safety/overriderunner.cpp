#include "overriderunner.h"

#include <algorithm>

namespace greenlight::core::safety {

namespace {
// Tolerance on simulation times, which SUMO keeps in milliseconds.
constexpr double kEpsilonS = 1e-6;
} // namespace

OverrideRunner::OverrideRunner(const Intersection &intersection, TimingLimits limits, double expectedLagS)
    : m_timing(std::make_unique<ProgramTiming>(intersection, limits))
    , m_planner(std::make_unique<TransitionPlanner>(*m_timing))
    , m_expectedLagS(std::max(0.0, expectedLagS))
{
}

void OverrideRunner::observe(std::string_view state, double nowS)
{
    if (!m_known) {
        m_display = SignalDisplay(state, nowS);
        m_known = true;
    } else if (m_display.state() != state) {
        m_display.apply(state, nowS);
    }
    if (!m_sent || state != *m_sent)
        return;
    m_sent.reset();
    m_seenS = nowS;
    const double lag = std::max(0.0, nowS - m_sentAtS);
    m_lagMinS = m_lagMinS < 0 ? lag : std::min(m_lagMinS, lag);
    m_lagMaxS = std::max(m_lagMaxS, lag);
    if (m_stage == RunnerStage::Pending && m_next == m_plan.steps.size() && !m_plan.steps.empty()
        && state == m_plan.steps.back().state) {
        m_stage = RunnerStage::Effective;
        m_effectiveSinceS = nowS;
    }
}

Plan OverrideRunner::command(const Command &command, double nowS)
{
    if (!m_known) {
        Plan refused;
        refused.reason = "the state of intersection " + m_timing->intersectionId() + " is not known yet";
        return refused;
    }
    if (command.kind == CommandKind::Restore && m_stage == RunnerStage::Programme) {
        Plan nothing;
        nothing.accepted = true;
        nothing.handBack = true;
        nothing.handBackS = nowS;
        nothing.firstChangeS = nowS;
        nothing.reason = "intersection " + m_timing->intersectionId() + " already runs its programme";
        return nothing;
    }
    Plan plan = preview(command, nowS);
    if (!plan.accepted || plan.steps.empty())
        return plan;
    m_freeze = m_stage == RunnerStage::Programme;
    m_plan = plan;
    m_next = 0;
    m_effectiveSinceS = -1;
    m_stage = command.kind == CommandKind::Restore ? RunnerStage::Restoring : RunnerStage::Pending;
    return plan;
}

Plan OverrideRunner::preview(const Command &command, double nowS) const
{
    if (!m_known) {
        Plan refused;
        refused.reason = "the state of intersection " + m_timing->intersectionId() + " is not known yet";
        return refused;
    }
    // Plan from what will be seen: a state sent and not seen yet counts from the latest moment it
    // may be seen.
    SignalDisplay display = m_display;
    double planS = nowS;
    if (m_sent) {
        planS = std::max(m_sentAtS + std::max(m_lagMaxS, m_expectedLagS), nowS);
        display.apply(*m_sent, planS);
    }
    return m_planner->plan(display, command, planS);
}

bool OverrideRunner::stepReady(double nowS) const
{
    // Sent now, a step is seen at least m_lagMinS later; it must not be seen before its time.
    const double seenAtS = nowS + std::max(0.0, m_lagMinS);
    const PlanStep &step = m_plan.steps[m_next];
    if (m_next == 0)
        return seenAtS + kEpsilonS >= step.startS;
    const PlanStep &previous = m_plan.steps[m_next - 1];
    return seenAtS + kEpsilonS >= m_seenS + (step.startS - previous.startS);
}

FieldAction OverrideRunner::send(const std::string &state, double nowS)
{
    m_sent = state;
    m_sentAtS = nowS;
    FieldAction action;
    action.kind = FieldAction::Kind::Show;
    action.state = state;
    return action;
}

FieldAction OverrideRunner::due(double nowS)
{
    if (m_stage == RunnerStage::Programme || m_sent)
        return {};
    if (m_next < m_plan.steps.size()) {
        if (stepReady(nowS)) {
            m_freeze = false;
            return send(m_plan.steps[m_next++].state, nowS);
        }
        if (m_freeze) {
            m_freeze = false;
            return send(m_display.state(), nowS);
        }
        return {};
    }
    // The programme takes over at once and runs the target phase in full from then: the green
    // seen since m_seenS must by then add up to what the plan's hand-back time allowed for.
    const PlanStep &last = m_plan.steps.back();
    if (m_stage == RunnerStage::Restoring && nowS + kEpsilonS >= m_seenS + (m_plan.handBackS - last.startS)) {
        FieldAction action;
        action.kind = FieldAction::Kind::HandBack;
        action.phase = m_plan.targetPhase;
        m_stage = RunnerStage::Programme;
        return action;
    }
    return {};
}

} // namespace greenlight::core::safety
