#include "waveschedule.h"

#include "core/safety/signaldisplay.h"

#include <algorithm>
#include <tuple>

namespace greenlight::core::greenwave {

const char *stageName(PassageStage stage)
{
    switch (stage) {
    case PassageStage::Waiting:
        return "waiting";
    case PassageStage::Preparing:
        return "preparing";
    case PassageStage::GreenHeld:
        return "green held";
    case PassageStage::Passed:
        return "passed";
    case PassageStage::Released:
        return "released";
    case PassageStage::Refused:
        return "refused";
    }
    return "unknown";
}

namespace {
// The green phase showing every group of `required` green; of several, the one with the most of
// `required` protected (the vehicle yields to no one), then the one serving the most of `approach`
// (the queue in front of the vehicle moves too), then the one letting the most other movements go.
// -1 when none serves.
int bestPhase(const safety::ProgramTiming &timing, const std::vector<int> &required, const std::vector<int> &approach)
{
    if (required.empty())
        return -1;
    int best = -1;
    std::tuple<int, int, int> bestScore{-1, -1, -1};
    for (int p : timing.greenPhases()) {
        bool serves = true;
        int protectedCount = 0;
        for (int g : required) {
            const char c = g >= 0 && g < timing.groupCount() ? timing.letter(p, g) : 'r';
            serves = serves && safety::isGreenLetter(c);
            protectedCount += c == 'G' ? 1 : 0;
        }
        if (!serves)
            continue;
        int clearing = 0;
        for (int g : approach)
            clearing += g >= 0 && g < timing.groupCount() && safety::isGreenLetter(timing.letter(p, g)) ? 1 : 0;
        int going = 0;
        for (int g = 0; g < timing.groupCount(); ++g)
            going += safety::isGreenLetter(timing.letter(p, g)) ? 1 : 0;
        const std::tuple<int, int, int> score{protectedCount, clearing, going};
        if (score > bestScore) {
            best = p;
            bestScore = score;
        }
    }
    return best;
}
} // namespace

int servingPhase(const safety::ProgramTiming &timing, const std::vector<int> &groups)
{
    return bestPhase(timing, groups, {});
}

int servingPhaseInOrder(const safety::ProgramTiming &timing, const std::vector<int> &groups,
                        const std::vector<int> &approachGroups)
{
    for (std::size_t n = groups.size(); n > 0; --n) {
        const int p =
            bestPhase(timing, std::vector<int>(groups.begin(), groups.begin() + std::ptrdiff_t(n)), approachGroups);
        if (p >= 0)
            return p;
    }
    return -1;
}

int resumePhase(const safety::ProgramTiming &timing, int interrupted, int target)
{
    const int phases = timing.phaseCount();
    if (interrupted < 0 || interrupted >= phases || timing.greenPhases().empty())
        return -1;
    const std::string served = target >= 0 && target < phases ? timing.phase(target).state : std::string();
    int candidate = timing.isGreenPhase(interrupted) ? interrupted : timing.nextGreenPhase(interrupted);
    for (int k = 0; k < phases && candidate >= 0; ++k) {
        if (candidate != target && timing.phase(candidate).state != served)
            return candidate;
        candidate = timing.nextGreenPhase(candidate);
    }
    return -1;
}

WaveSchedule::WaveSchedule(PhaseLookup phaseFor, Settings settings)
    : m_phaseFor(std::move(phaseFor))
    , m_settings(settings)
{
}

WaveSchedule::WaveSchedule(PhaseLookup phaseFor)
    : WaveSchedule(std::move(phaseFor), Settings{})
{
}

WavePassage *WaveSchedule::find(int intersection)
{
    for (auto &p : m_passages)
        if (p.intersection == intersection)
            return &p;
    return nullptr;
}

namespace {
bool active(PassageStage s)
{
    return s == PassageStage::Preparing || s == PassageStage::GreenHeld;
}
bool settled(PassageStage s)
{
    return s == PassageStage::Passed || s == PassageStage::Released || s == PassageStage::Refused;
}
} // namespace

QueuesAhead queuesAhead(const std::vector<double> &halted, const std::vector<int> &lightAt, const QueueTiming &timing)
{
    QueuesAhead out;
    out.delayS.assign(halted.size(), 0.0);
    double queued = 0;
    for (std::size_t i = 0; i < halted.size(); ++i) {
        queued += halted[i];
        const int light = i < lightAt.size() ? lightAt[i] : -1;
        if (light < 0)
            continue;
        if (queued > 0) {
            const double clearS = timing.startUpS + timing.headwayS * queued;
            double &lead = out.leadS[light];
            lead = std::max(lead, std::min(timing.maxLeadS, clearS));
            out.delayS[i] = std::max(0.0, clearS - timing.maxLeadS);
        }
        queued = 0;
    }
    return out;
}

std::vector<routing::SignalPassage> mergedPassages(const std::vector<routing::SignalPassage> &signals)
{
    std::vector<routing::SignalPassage> out;
    for (const auto &s : signals) {
        if (!out.empty() && out.back().intersection == s.intersection) {
            auto &m = out.back();
            m.exitSegment = s.exitSegment;
            // In crossing order: where no phase serves them all, the first crossings come first.
            for (int g : s.signalGroups)
                if (std::find(m.signalGroups.begin(), m.signalGroups.end(), g) == m.signalGroups.end())
                    m.signalGroups.push_back(g);
            continue;
        }
        out.push_back(s);
    }
    return out;
}

std::vector<WaveAction> WaveSchedule::update(const routing::Route &fresh, int currentSegment, double nowS)
{
    routing::Route route = fresh;
    route.signals = mergedPassages(fresh.signals);
    std::vector<WaveAction> out;
    std::vector<int> ahead;
    for (const auto &s : route.signals)
        ahead.push_back(s.intersection);
    // Intersections no longer ahead: passed when the vehicle went on along the previous route
    // beyond their approach, otherwise dropped because the route changed.
    const auto previousAt = [this](int segment) {
        const auto it = std::find(m_route.begin(), m_route.end(), segment);
        return it == m_route.end() ? -1 : static_cast<int>(it - m_route.begin());
    };
    const int here = previousAt(currentSegment);
    for (WavePassage &p : m_passages) {
        if (settled(p.stage) || std::find(ahead.begin(), ahead.end(), p.intersection) != ahead.end())
            continue;
        const int approach = previousAt(p.approachSegment);
        const bool wasActive = active(p.stage);
        if (currentSegment == p.exitSegment || (here >= 0 && approach >= 0 && here > approach)) {
            p.stage = PassageStage::Passed;
        } else {
            p.stage = PassageStage::Released;
            p.note = "the route no longer goes through it";
        }
        if (wasActive)
            out.push_back({WaveAction::Kind::Release, p.intersection, p.targetPhase});
    }
    m_route = route.segments;
    if (m_shrunk)
        return out;
    // Intersections ahead: fresh ETAs; new ones wait.
    for (const auto &s : route.signals) {
        WavePassage *p = find(s.intersection);
        if (p && settled(p->stage) && p->stage != PassageStage::Refused) {
            // The route comes back through an intersection already given back: ask again.
            p->stage = PassageStage::Waiting;
            p->note.clear();
        }
        if (!p) {
            WavePassage fresh;
            fresh.intersection = s.intersection;
            m_passages.push_back(fresh);
            m_askedAtS.push_back(0);
            m_leadAtAskS.push_back(0);
            m_heldBeforeS.push_back(0);
            m_restUntilS.push_back(0);
            p = &m_passages.back();
        }
        p->approachSegment = s.approachSegment;
        p->exitSegment = s.exitSegment;
        if (p->signalGroups != s.signalGroups || p->targetPhase < 0) {
            p->signalGroups = s.signalGroups;
            const int target = m_phaseFor(*p);
            const bool wasActive = active(p->stage);
            const bool retarget = wasActive && target >= 0 && target != p->targetPhase;
            if (wasActive && target < 0)
                out.push_back({WaveAction::Kind::Release, p->intersection, p->targetPhase});
            p->targetPhase = target;
            if (target < 0) {
                p->stage = PassageStage::Refused;
                p->note = p->signalGroups.empty()
                    ? "the layout has no signal group for the vehicle's turn here"
                    : "no phase of the programme serves the vehicle's movement";
            } else if (retarget) {
                // Held, and the vehicle now needs another movement (the next junction of a joined
                // controller): straight to the phase serving it, without handing back in between.
                p->stage = PassageStage::Preparing;
                const std::size_t i = std::size_t(p - m_passages.data());
                m_heldBeforeS[i] += nowS - m_askedAtS[i];
                m_askedAtS[i] = nowS;
                out.push_back({WaveAction::Kind::Request, p->intersection, target});
            } else if (p->stage == PassageStage::Refused) {
                p->stage = PassageStage::Waiting;
            }
        }
        p->etaS = nowS + s.etaS;
    }
    return out;
}

std::vector<WaveAction> WaveSchedule::due(double nowS, const std::function<double(const WavePassage &)> &leadFor)
{
    std::vector<WaveAction> out;
    for (std::size_t i = 0; i < m_passages.size(); ++i) {
        WavePassage &p = m_passages[i];
        if (active(p.stage) && m_heldBeforeS[i] + nowS - m_askedAtS[i] > m_settings.maxTotalHoldS) {
            p.stage = PassageStage::Refused;
            p.note = "held " + std::to_string(static_cast<int>(m_settings.maxTotalHoldS))
                + " s in all without the vehicle getting through; left to its programme";
            out.push_back({WaveAction::Kind::Release, p.intersection, p.targetPhase});
            continue;
        }
        if (active(p.stage) && nowS - m_askedAtS[i] > std::max(m_settings.maxHoldS, m_leadAtAskS[i] + m_settings.graceS)) {
            m_heldBeforeS[i] += nowS - m_askedAtS[i];
            // The vehicle is held up elsewhere (a blocked exit, a queue): serve the others a while.
            p.stage = PassageStage::Waiting;
            p.note = "held " + std::to_string(static_cast<int>(m_settings.maxHoldS))
                + " s without the vehicle passing; given back for a while";
            m_restUntilS[i] = nowS + m_settings.restS;
            out.push_back({WaveAction::Kind::Release, p.intersection, p.targetPhase});
            continue;
        }
        if (m_shrunk || p.stage != PassageStage::Waiting || p.targetPhase < 0 || nowS < m_restUntilS[i])
            continue;
        const double lead = leadFor(p);
        if (lead < 0)
            continue;
        if (p.etaS - nowS <= lead + m_settings.marginS) {
            p.stage = PassageStage::Preparing;
            m_askedAtS[i] = nowS;
            m_leadAtAskS[i] = lead + m_settings.marginS;
            out.push_back({WaveAction::Kind::Request, p.intersection, p.targetPhase});
        }
    }
    return out;
}

void WaveSchedule::refused(int intersection, const std::string &why)
{
    if (WavePassage *p = find(intersection)) {
        p->stage = PassageStage::Refused;
        p->note = why;
    }
}

void WaveSchedule::greenShown(int intersection)
{
    if (WavePassage *p = find(intersection); p && p->stage == PassageStage::Preparing)
        p->stage = PassageStage::GreenHeld;
}

void WaveSchedule::retry(int intersection)
{
    if (WavePassage *p = find(intersection); p && !m_shrunk && p->stage == PassageStage::Refused && p->targetPhase >= 0) {
        p->stage = PassageStage::Waiting;
        p->note.clear();
    }
}

std::vector<WaveAction> WaveSchedule::giveBack(int intersection, const std::string &why, double nowS, double restS)
{
    for (std::size_t i = 0; i < m_passages.size(); ++i) {
        WavePassage &p = m_passages[i];
        if (p.intersection != intersection || !active(p.stage))
            continue;
        p.stage = PassageStage::Waiting;
        p.note = why;
        m_heldBeforeS[i] += nowS - m_askedAtS[i];
        m_restUntilS[i] = nowS + restS;
        return {{WaveAction::Kind::Release, p.intersection, p.targetPhase}};
    }
    return {};
}

std::vector<WaveAction> WaveSchedule::shrink(const std::string &why)
{
    std::vector<WaveAction> out;
    m_shrunk = true;
    for (auto &p : m_passages) {
        if (active(p.stage))
            out.push_back({WaveAction::Kind::Release, p.intersection, p.targetPhase});
        if (!settled(p.stage)) {
            p.stage = PassageStage::Released;
            p.note = why;
        }
    }
    return out;
}

} // namespace greenlight::core::greenwave
