#include "transitionplanner.h"

#include "safetytext.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight::core::safety {

namespace {

constexpr double kEpsilonS = 1e-9;
// The shortest red the planner shows between a movement's yellow and its next green or flash.
constexpr double kMinRedStepS = 1.0;

bool hasLetter(const std::string &state, bool (*test)(char))
{
    return std::any_of(state.begin(), state.end(), test);
}

std::string phaseList(const std::vector<int> &phases)
{
    std::string out;
    for (int p : phases)
        out += (out.empty() ? "" : ", ") + std::to_string(p);
    return out;
}

} // namespace

TransitionPlanner::TransitionPlanner(const ProgramTiming &timing)
    : m_timing(timing)
    , m_validator(timing)
{
}

Plan TransitionPlanner::refuse(const std::string &reason) const
{
    Plan plan;
    plan.reason = reason;
    return plan;
}

bool TransitionPlanner::showsFlash(const SignalDisplay &display) const
{
    for (int g = 0; g < display.size(); ++g)
        if (isFlashLetter(display.group(g).colour) && !m_timing.isDark(g))
            return true;
    return false;
}

int TransitionPlanner::currentGreenPhase(const SignalDisplay &current) const
{
    const std::string state = current.state();
    if (hasLetter(state, [](char c) { return c == 'y' || c == 'u'; }) || showsFlash(current))
        return -1;
    const int exact = m_timing.phaseOfState(state);
    if (exact >= 0 && m_timing.isGreenPhase(exact))
        return exact;
    for (int p : m_timing.greenPhases()) {
        bool same = true;
        for (int g = 0; g < m_timing.groupCount() && same; ++g)
            same = isGreenLetter(state[static_cast<std::size_t>(g)]) == isGreenLetter(m_timing.letter(p, g));
        if (same)
            return p;
    }
    return -1;
}

int TransitionPlanner::upcomingGreenPhase(const SignalDisplay &current) const
{
    const int green = currentGreenPhase(current);
    if (green >= 0)
        return green;
    const std::string state = current.state();
    const int exact = m_timing.phaseOfState(state);
    if (exact >= 0)
        return m_timing.nextGreenPhase(exact);
    // A state of a plan's own: the first green phase that keeps every green and red-amber
    // movement on, preferring one that does not bring a yellow one straight back.
    int best = -1;
    int bestScore = -1;
    for (int p : m_timing.greenPhases()) {
        bool keeps = true;
        int score = 1;
        for (int g = 0; g < m_timing.groupCount(); ++g) {
            const char c = state[static_cast<std::size_t>(g)];
            const bool green = isGreenLetter(m_timing.letter(p, g));
            if ((isGreenLetter(c) || c == 'u') && !green)
                keeps = false;
            if (c == 'y' && green)
                score = 0;
        }
        if (keeps && score > bestScore) {
            best = p;
            bestScore = score;
        }
    }
    return best >= 0 || m_timing.greenPhases().empty() ? best : m_timing.greenPhases().front();
}

std::vector<Violation> TransitionPlanner::check(const SignalDisplay &current, const std::vector<PlanStep> &steps) const
{
    SignalDisplay display = current;
    for (const PlanStep &step : steps) {
        std::vector<Violation> broken = m_validator.validate(display, step.state, step.startS);
        if (!broken.empty())
            return broken;
        display.apply(step.state, step.startS);
    }
    return {};
}

Plan TransitionPlanner::plan(const SignalDisplay &current, const Command &command, double nowS) const
{
    if (current.size() != m_timing.groupCount())
        return refuse("the displayed state of intersection " + m_timing.intersectionId()
                      + " is unknown or does not match its " + std::to_string(m_timing.groupCount()) + " signals");
    if (m_timing.greenPhases().empty())
        return refuse("intersection " + m_timing.intersectionId() + " has no green phase to plan for");

    switch (command.kind) {
    case CommandKind::HoldPhase:
    case CommandKind::Advance: {
        const int green = currentGreenPhase(current);
        int target = upcomingGreenPhase(current);
        if (command.kind == CommandKind::Advance && green >= 0)
            target = m_timing.nextGreenPhase(green);
        if (showsFlash(current))
            return refuse("intersection " + m_timing.intersectionId()
                          + " is flashing; restore the programme before holding or advancing a phase");
        if (target < 0)
            return refuse("intersection " + m_timing.intersectionId() + " has no green phase to go to");
        return planTo(current, m_timing.phase(target).state, target, nowS);
    }
    case CommandKind::GoToPhase: {
        const int p = command.phase;
        if (p < 0 || p >= m_timing.phaseCount())
            return refuse("phase " + std::to_string(p) + " does not exist; the programme has "
                          + std::to_string(m_timing.phaseCount()) + " phases");
        if (!m_timing.isGreenPhase(p))
            return refuse("phase " + std::to_string(p) + " is a yellow or red transition, not a green phase; choose "
                          "one of phases " + phaseList(m_timing.greenPhases()));
        if (showsFlash(current))
            return refuse("intersection " + m_timing.intersectionId()
                          + " is flashing; restore the programme before choosing a phase");
        return planTo(current, m_timing.phase(p).state, p, nowS);
    }
    case CommandKind::Flash: {
        Plan plan = planTo(current, m_timing.flashState(), -1, nowS);
        plan.flash = plan.accepted;
        return plan;
    }
    case CommandKind::Restore: {
        int target = -1;
        if (command.phase >= 0 && command.phase < m_timing.phaseCount())
            target = m_timing.isGreenPhase(command.phase) ? command.phase : m_timing.nextGreenPhase(command.phase);
        else
            target = upcomingGreenPhase(current);
        Plan plan = planTo(current, m_timing.phase(target).state, target, nowS);
        if (plan.accepted)
            scheduleHandBack(current, plan);
        return plan;
    }
    }
    return refuse("unknown command");
}

Plan TransitionPlanner::planTo(const SignalDisplay &current, const std::string &target, int targetPhase,
                               double nowS) const
{
    if (targetPhase >= 0) {
        const std::vector<Violation> unsafe = m_validator.validateState(target);
        if (!unsafe.empty())
            return refuse("phase " + std::to_string(targetPhase) + " cannot be shown safely: " + unsafe.front().reason);
    }
    Draft draft;
    SignalDisplay display = current;
    double t = nowS;
    const bool toFlash = targetPhase < 0;
    if (showsFlash(display) && !toFlash) {
        if (!leaveFlash(display, nowS, draft))
            return refuse(draft.error);
    }
    // Red-amber always ends in green: finish it first where the target does not continue it.
    bool strandedRedAmber = false;
    for (int g = 0; g < display.size(); ++g)
        strandedRedAmber = strandedRedAmber
            || (display.group(g).colour == 'u' && !isGreenLetter(target[static_cast<std::size_t>(g)]));
    if (strandedRedAmber) {
        const int natural = upcomingGreenPhase(display);
        Draft finish;
        if (natural < 0 || !synthesise(display, m_timing.phase(natural).state, t, finish))
            return refuse("the running transition cannot be finished: " + finish.error);
        for (const PlanStep &step : finish.steps) {
            display.apply(step.state, step.startS);
            draft.steps.push_back(step);
            t = step.startS;
        }
    }
    const bool programmeOwn = !toFlash && programmeTransition(display, targetPhase, t, draft);
    if (!programmeOwn && !synthesise(display, target, t, draft))
        return refuse(draft.error);
    const std::vector<Violation> broken = check(current, draft.steps);
    if (!broken.empty())
        return refuse("no legal transition was found: " + broken.front().reason);

    Plan plan;
    plan.accepted = true;
    plan.reason = draft.note;
    plan.steps = std::move(draft.steps);
    plan.targetPhase = targetPhase;
    if (plan.steps.empty() || plan.steps.back().state != target)
        plan.steps.push_back({target, plan.steps.empty() ? nowS : std::max(nowS, plan.steps.back().startS)});
    const std::string before = current.state();
    plan.firstChangeS = nowS;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        PlanStep &step = plan.steps[i];
        step.phase = m_timing.phaseOfState(step.state);
        if (i + 1 < plan.steps.size())
            step.durationS = plan.steps[i + 1].startS - step.startS;
        if (i == 0)
            plan.firstChangeS = step.state == before && plan.steps.size() > 1 ? plan.steps[1].startS : step.startS;
    }
    PlanStep &last = plan.steps.back();
    last.hold = true;
    last.durationS = targetPhase >= 0 ? m_timing.phaseMinGreenS(targetPhase) : 0;
    return plan;
}

// The programme takes over at the start of the target phase and will end each green after its
// own run from there; where that would cut a green short of its minimum (S5) or a walk (S6), the
// target is held a little longer before handing back.
double TransitionPlanner::programmeGreenOffsetS(int fromPhase, int group, int until) const
{
    double offset = 0;
    for (int k = 0; k < m_timing.phaseCount(); ++k) {
        const int p = (fromPhase + k) % m_timing.phaseCount();
        const char b = m_timing.letter(p, group);
        if (isGreenLetter(b) || b == 'u')
            return offset;
        if (isGoLetter(m_timing.letter(p, until)))
            return -1;
        const Phase &phase = m_timing.phase(p);
        offset += phase.minDurationS > 0 ? std::min(phase.minDurationS, phase.durationS) : phase.durationS;
    }
    return -1;
}

void TransitionPlanner::scheduleHandBack(const SignalDisplay &current, Plan &plan) const
{
    SignalDisplay shown = current;
    for (const PlanStep &step : plan.steps)
        shown.apply(step.state, step.startS);
    PlanStep &last = plan.steps.back();
    double at = last.startS;
    for (int g = 0; g < shown.size(); ++g) {
        if (!isGreenLetter(shown.group(g).colour))
            continue;
        const double needS = std::max(m_timing.minGreenS(g), m_timing.isPedestrian(g) ? m_timing.walkS(g) : 0.0);
        at = std::max(at, shown.group(g).sinceS + needS - m_timing.greenRunFromS(plan.targetPhase, g));
    }
    // S3 across the hand-back: the programme turns foes green at its own times from the start of
    // the target phase; each must come no sooner than the clearance after a movement the plan
    // (or the display before it) stopped.
    for (int a = 0; a < shown.size(); ++a) {
        const GroupDisplay &ga = shown.group(a);
        if (ga.colour != 'r' || !isGoLetter(normalisedLetter(ga.previous)))
            continue;
        for (int b : m_timing.foes(a)) {
            const double offset = programmeGreenOffsetS(plan.targetPhase, b, a);
            if (offset >= 0)
                at = std::max(at, ga.sinceS + m_timing.clearanceS(a, b) - offset);
        }
    }
    plan.handBack = true;
    plan.handBackS = at;
    last.hold = false;
    last.durationS = at - last.startS;
}

bool TransitionPlanner::leaveFlash(SignalDisplay &display, double nowS, Draft &draft) const
{
    std::string allRed = display.state();
    for (int g = 0; g < display.size(); ++g) {
        const char c = allRed[static_cast<std::size_t>(g)];
        if (isGoLetter(c) || c == 'u') {
            draft.error = "intersection " + m_timing.intersectionId() + " shows flash and " + m_timing.groupLabel(g)
                + " running together; it needs a technician";
            return false;
        }
        if (isFlashLetter(c) && !m_timing.isDark(g))
            allRed[static_cast<std::size_t>(g)] = 'r';
    }
    draft.steps.push_back({allRed, nowS});
    display.apply(allRed, nowS);
    return true;
}

// When the first colour may change: every movement that leaves green has served its minimum green
// (S5) and every crossing its walk (S6). Says why in `note` when that is later than nowS.
double TransitionPlanner::changeAllowedAt(const SignalDisplay &display, const std::string &target, double nowS,
                                          std::string &note) const
{
    double at = nowS;
    int binding = -1;
    bool walk = false;
    for (int g = 0; g < display.size(); ++g) {
        const GroupDisplay &shown = display.group(g);
        if (!isGreenLetter(shown.colour) || isGreenLetter(target[static_cast<std::size_t>(g)]))
            continue;
        if (shown.sinceS + m_timing.minGreenS(g) > at + kEpsilonS) {
            at = shown.sinceS + m_timing.minGreenS(g);
            binding = g;
            walk = false;
        }
        if (m_timing.isPedestrian(g) && shown.sinceS + m_timing.walkS(g) > at + kEpsilonS) {
            at = shown.sinceS + m_timing.walkS(g);
            binding = g;
            walk = true;
        }
    }
    if (binding >= 0) {
        const std::string in = "; advancing in " + formatSeconds(at - nowS);
        const int phase = currentGreenPhase(display);
        if (walk)
            note = m_timing.groupLabel(binding) + " has not finished its " + formatSeconds(m_timing.walkS(binding))
                + " walk" + in;
        else if (phase >= 0)
            note = "phase " + std::to_string(phase) + " has not served its "
                + formatSeconds(m_timing.minGreenS(binding)) + " minimum green" + in;
        else
            note = m_timing.groupLabel(binding) + " has not served its "
                + formatSeconds(m_timing.minGreenS(binding)) + " minimum green" + in;
    }
    return at;
}

bool TransitionPlanner::programmeTransition(const SignalDisplay &display, int targetPhase, double nowS,
                                            Draft &draft) const
{
    const int from = m_timing.phaseOfState(display.state());
    if (from < 0 || !m_timing.isGreenPhase(from) || targetPhase < 0
        || m_timing.transitionFrom(from).toPhase != targetPhase || targetPhase == from)
        return false;
    std::string note;
    double t = changeAllowedAt(display, m_timing.phase(targetPhase).state, nowS, note);
    std::vector<PlanStep> steps;
    for (int q : m_timing.transitionFrom(from).phases) {
        steps.push_back({m_timing.phase(q).state, t});
        t += m_timing.phase(q).durationS;
    }
    steps.push_back({m_timing.phase(targetPhase).state, t});
    if (!check(display, steps).empty())
        return false;
    draft.steps.insert(draft.steps.end(), steps.begin(), steps.end());
    if (!note.empty())
        draft.note = note;
    return true;
}

// Builds the transition group by group: movements leaving green show their yellow from the
// moment every one of them may change, then red; movements turning green wait for the red
// clearance after each conflicting movement's yellow (and for the all-red after flash), show
// red-amber first where the programme does, and all turn green together when the target is shown.
bool TransitionPlanner::synthesise(const SignalDisplay &display, const std::string &target, double nowS,
                                   Draft &draft) const
{
    const int n = display.size();
    const double never = std::numeric_limits<double>::quiet_NaN();
    const bool toFlash = !hasLetter(target, isGreenLetter);
    std::string note;
    const double changeAt = changeAllowedAt(display, target, nowS, note);

    std::vector<double> goEnd(static_cast<std::size_t>(n), never);
    double targetAt = changeAt;
    for (int g = 0; g < n; ++g) {
        const GroupDisplay &shown = display.group(g);
        const bool targetGreen = isGreenLetter(target[static_cast<std::size_t>(g)]);
        double &end = goEnd[static_cast<std::size_t>(g)];
        if (isGreenLetter(shown.colour) && !targetGreen)
            end = changeAt + (m_timing.endsWithoutYellow(g) ? 0 : m_timing.yellowS(g));
        else if (shown.colour == 'y')
            end = std::max(nowS, shown.sinceS + m_timing.yellowS(g));
        else if (shown.colour == 'r' && isGoLetter(shown.previous))
            end = shown.sinceS;
        if (shown.colour == 'u' && !targetGreen) {
            draft.error = m_timing.groupLabel(g) + " shows red-amber and must turn green first";
            return false;
        }
        if ((isGreenLetter(shown.colour) && !targetGreen) || shown.colour == 'y')
            targetAt = std::max(targetAt, end);
    }

    std::vector<double> redAmberAt(static_cast<std::size_t>(n), never);
    for (int b = 0; b < n; ++b) {
        const GroupDisplay &shown = display.group(b);
        const char to = target[static_cast<std::size_t>(b)];
        if (toFlash) {
            if (m_timing.isDark(b))
                continue;
            const double end = goEnd[static_cast<std::size_t>(b)];
            const bool redNow = shown.colour == 'r';
            if (!std::isnan(end) && !redNow)
                targetAt = std::max(targetAt, end + std::max(m_timing.clearanceOutS(b), kMinRedStepS));
            else if (redNow)
                targetAt = std::max(targetAt, shown.sinceS + m_timing.clearanceOutS(b));
            continue;
        }
        if (isGreenLetter(shown.colour) || !isGreenLetter(to))
            continue;
        // b turns green: when may it leave red, and when may it be green?
        double leaveRed = nowS;
        if (shown.colour == 'y')
            leaveRed = goEnd[static_cast<std::size_t>(b)] + kMinRedStepS;
        if (shown.colour == 'r' && isFlashLetter(shown.previous))
            leaveRed = std::max(leaveRed, shown.sinceS + m_timing.flashExitRedS());
        double greenAt = changeAt;
        for (int a : m_timing.foes(b)) {
            const double end = goEnd[static_cast<std::size_t>(a)];
            if (isGoLetter(target[static_cast<std::size_t>(a)]) || std::isnan(end))
                continue;
            greenAt = std::max(greenAt, end + m_timing.clearanceS(a, b));
            leaveRed = std::max(leaveRed, end);
        }
        if (shown.colour == 'u')
            greenAt = std::max(greenAt, shown.sinceS + m_timing.redAmberS(b));
        else if (m_timing.requiresRedAmber(b))
            greenAt = std::max(greenAt, leaveRed + m_timing.redAmberS(b));
        else
            greenAt = std::max(greenAt, leaveRed);
        targetAt = std::max(targetAt, greenAt);
    }
    for (int b = 0; b < n; ++b) {
        const char c = display.group(b).colour;
        if (!toFlash && (c == 'r' || c == 'y') && isGreenLetter(target[static_cast<std::size_t>(b)])
            && m_timing.requiresRedAmber(b))
            redAmberAt[static_cast<std::size_t>(b)] = targetAt - m_timing.redAmberS(b);
    }

    std::vector<double> times{changeAt, targetAt};
    for (double t : goEnd)
        if (!std::isnan(t) && t > nowS)
            times.push_back(t);
    for (double t : redAmberAt)
        if (!std::isnan(t))
            times.push_back(t);
    std::sort(times.begin(), times.end());

    auto letterAt = [&](int g, double t) -> char {
        const char to = target[static_cast<std::size_t>(g)];
        if (t >= targetAt - kEpsilonS)
            return to;
        const GroupDisplay &shown = display.group(g);
        const double end = goEnd[static_cast<std::size_t>(g)];
        const double redAmber = redAmberAt[static_cast<std::size_t>(g)];
        if (isGreenLetter(shown.colour)) {
            if (isGreenLetter(to) || t < changeAt - kEpsilonS)
                return shown.colour;
            return t < end - kEpsilonS ? 'y' : 'r';
        }
        if (shown.colour == 'y' && t < end - kEpsilonS)
            return 'y';
        if (shown.colour == 'y' || shown.colour == 'r')
            return !std::isnan(redAmber) && t >= redAmber - kEpsilonS ? 'u' : 'r';
        return shown.colour;
    };

    std::string shown = display.state();
    for (double t : times) {
        if (t < nowS - kEpsilonS)
            continue;
        std::string state(static_cast<std::size_t>(n), 'r');
        for (int g = 0; g < n; ++g)
            state[static_cast<std::size_t>(g)] = letterAt(g, t);
        if (state == shown)
            continue;
        draft.steps.push_back({state, std::max(t, nowS)});
        shown = state;
    }
    if (!note.empty())
        draft.note = note;
    return true;
}

} // namespace greenlight::core::safety
