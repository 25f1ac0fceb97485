#include "transitionvalidator.h"

#include "core/signalcolour.h"
#include "safetytext.h"

namespace greenlight::core::safety {

namespace {

constexpr double kEpsilonS = 1e-6;

bool knownLetter(char c)
{
    return colourFromLetter(c) != SignalColour::Unknown;
}

std::string colourWord(char c)
{
    return colourName(colourFromLetter(c));
}

} // namespace

TransitionValidator::TransitionValidator(const ProgramTiming &timing)
    : m_timing(timing)
{
}

std::vector<Violation> TransitionValidator::validateState(std::string_view state) const
{
    std::vector<Violation> out;
    const int n = m_timing.groupCount();
    if (static_cast<int>(state.size()) != n) {
        out.push_back({"S1", {}, "the state has " + std::to_string(state.size()) + " signals but intersection "
                       + m_timing.intersectionId() + " has " + std::to_string(n)});
        return out;
    }
    for (int g = 0; g < n; ++g) {
        if (!knownLetter(state[static_cast<std::size_t>(g)]))
            out.push_back({"S1", {g}, label(g) + " would show '" + std::string(1, state[static_cast<std::size_t>(g)])
                           + "', which is not a signal colour"});
    }
    for (int a = 0; a < n; ++a) {
        const char la = normalisedLetter(state[static_cast<std::size_t>(a)]);
        if (!isGoLetter(la))
            continue;
        for (int b : m_timing.foes(a)) {
            if (b <= a)
                continue;
            const char lb = normalisedLetter(state[static_cast<std::size_t>(b)]);
            if (!isGoLetter(lb))
                continue;
            if ((la == 'G' && lb == 'G') || !m_timing.permissiveAllowed(a, b))
                out.push_back({"S1", {a, b}, label(a) + " would be " + colourWord(la) + " while conflicting "
                               + label(b) + " is " + colourWord(lb)});
        }
    }
    return out;
}

std::vector<Violation> TransitionValidator::validate(const SignalDisplay &current, std::string_view next,
                                                     double timeS) const
{
    std::vector<Violation> out = validateState(next);
    const int n = m_timing.groupCount();
    if (static_cast<int>(next.size()) != n)
        return out;
    if (current.size() != n) {
        out.push_back({"S1", {}, "the displayed state of intersection " + m_timing.intersectionId()
                       + " is unknown, so no change can be checked"});
        return out;
    }
    for (int g = 0; g < n; ++g)
        checkGroup(current, next, timeS, g, out);

    // S9: leaving flash goes to all-red before anything may go.
    bool leavingFlash = false;
    for (int g = 0; g < n; ++g)
        leavingFlash = leavingFlash || (isFlashLetter(current.group(g).colour)
                                        && normalisedLetter(next[static_cast<std::size_t>(g)]) == 'r');
    if (leavingFlash) {
        for (int g = 0; g < n; ++g) {
            if (isGoLetter(next[static_cast<std::size_t>(g)])) {
                out.push_back({"S9", {g}, "leaving flash must show all-red first, but " + label(g) + " would be "
                               + colourWord(normalisedLetter(next[static_cast<std::size_t>(g)]))});
                break;
            }
        }
    }
    return out;
}

void TransitionValidator::checkGroup(const SignalDisplay &current, std::string_view next, double timeS, int group,
                                     std::vector<Violation> &out) const
{
    const GroupDisplay &shown = current.group(group);
    const char c = shown.colour;
    const char n = normalisedLetter(next[static_cast<std::size_t>(group)]);
    if (c == n || (isGreenLetter(c) && isGreenLetter(n)) || (isFlashLetter(c) && isFlashLetter(n)))
        return;
    if (!knownLetter(c) || !knownLetter(n))
        return;
    const std::string from = label(group) + " would go from " + colourWord(c) + " to " + colourWord(n);

    if (isGreenLetter(c)) {
        checkGreenEnd(shown, n, timeS, group, out);
        return;
    }
    if (c == 'y') {
        if (n == 'r') {
            const double shownS = timeS - shown.sinceS;
            const double needS = m_timing.yellowS(group);
            if (shownS < needS - kEpsilonS)
                out.push_back({"S2", {group}, label(group) + " yellow would last " + formatSeconds(shownS)
                               + "; it needs " + formatSeconds(needS)});
        } else if (isFlashLetter(n)) {
            out.push_back({"S9", {group}, from + "; flash comes only after the red clearance"});
        } else {
            out.push_back({"S4", {group}, from + "; after yellow comes red"});
        }
        return;
    }
    if (c == 'r') {
        if (n == 'u') {
            checkFlashExit(current, next, timeS, group, out);
        } else if (isGreenLetter(n)) {
            if (m_timing.requiresRedAmber(group))
                out.push_back({"S4", {group}, from + " without red-amber, which this programme shows first"});
            checkClearance(current, next, timeS, group, out);
            checkFlashExit(current, next, timeS, group, out);
        } else if (isFlashLetter(n)) {
            checkFlashEntry(shown, timeS, group, out);
        } else {
            out.push_back({"S4", {group}, from + "; red is followed by green or red-amber"});
        }
        return;
    }
    if (c == 'u') {
        if (isGreenLetter(n)) {
            checkClearance(current, next, timeS, group, out);
            checkFlashExit(current, next, timeS, group, out);
        } else if (isFlashLetter(n)) {
            out.push_back({"S9", {group}, from + "; flash comes only after the red clearance"});
        } else {
            out.push_back({"S4", {group}, from + "; red-amber is followed by green"});
        }
        return;
    }
    if (isFlashLetter(c) && n != 'r')
        out.push_back({"S9", {group}, from + "; leaving flash goes through all-red first"});
}

void TransitionValidator::checkGreenEnd(const GroupDisplay &shown, char next, double timeS, int group,
                                        std::vector<Violation> &out) const
{
    const double greenS = timeS - shown.sinceS;
    const double minS = m_timing.minGreenS(group);
    if (greenS < minS - kEpsilonS)
        out.push_back({"S5", {group}, label(group) + " has been green " + formatSeconds(greenS) + ", less than its "
                       + formatSeconds(minS) + " minimum green"});
    if (m_timing.isPedestrian(group)) {
        const double walkS = m_timing.walkS(group);
        if (greenS < walkS - kEpsilonS)
            out.push_back({"S6", {group}, label(group) + " would lose its walk after " + formatSeconds(greenS)
                           + "; a started walk gets its full " + formatSeconds(walkS)});
    }
    if (next == 'y' || (next == 'r' && m_timing.endsWithoutYellow(group)))
        return;
    const std::string yellow = formatSeconds(m_timing.yellowS(group));
    out.push_back({"S2", {group}, label(group) + " green would end without its " + yellow + " yellow"});
    if (isFlashLetter(next))
        out.push_back({"S9", {group}, label(group) + " would flash straight from green; flash comes only after "
                       "yellow and red clearance"});
    else
        out.push_back({"S4", {group}, label(group) + " would go from green to " + colourWord(next)
                       + "; the legal sequence is green, yellow, red"});
}

void TransitionValidator::checkClearance(const SignalDisplay &current, std::string_view next, double timeS,
                                         int group, std::vector<Violation> &out) const
{
    for (int foe : m_timing.foes(group)) {
        if (isGoLetter(next[static_cast<std::size_t>(foe)]))
            continue; // S1 judges foes that stay on
        const GroupDisplay &other = current.group(foe);
        double endedS = 0;
        if (isGoLetter(other.colour))
            endedS = timeS;
        else if (other.colour == 'r' && isGoLetter(other.previous))
            endedS = other.sinceS;
        else
            continue;
        const double gapS = timeS - endedS;
        const double needS = m_timing.clearanceS(foe, group);
        if (gapS < needS - kEpsilonS) {
            const std::string what = m_timing.endsWithoutYellow(foe) ? "walk" : "yellow";
            out.push_back({"S3", {group, foe}, label(group) + " would turn green " + formatSeconds(gapS)
                           + " after the " + what + " of conflicting " + label(foe) + " ended; the red clearance is "
                           + formatSeconds(needS)});
        }
    }
}

void TransitionValidator::checkFlashExit(const SignalDisplay &current, std::string_view next, double timeS,
                                         int group, std::vector<Violation> &out) const
{
    const GroupDisplay &shown = current.group(group);
    if (shown.colour == 'r' && isFlashLetter(shown.previous)) {
        const double redS = timeS - shown.sinceS;
        const double needS = m_timing.flashExitRedS();
        if (redS < needS - kEpsilonS)
            out.push_back({"S9", {group}, label(group) + " would leave flash after " + formatSeconds(redS)
                           + " of all-red; it needs " + formatSeconds(needS)});
    }
    for (int g = 0; g < m_timing.groupCount(); ++g) {
        if (g != group && !m_timing.isDark(g) && isFlashLetter(next[static_cast<std::size_t>(g)])) {
            out.push_back({"S9", {group, g}, label(group) + " would start while " + label(g)
                           + " still flashes; leaving flash goes through all-red first"});
            return;
        }
    }
}

void TransitionValidator::checkFlashEntry(const GroupDisplay &shown, double timeS, int group,
                                          std::vector<Violation> &out) const
{
    const double redS = timeS - shown.sinceS;
    const double needS = m_timing.clearanceOutS(group);
    if (redS < needS - kEpsilonS)
        out.push_back({"S9", {group}, label(group) + " would start flashing after " + formatSeconds(redS)
                       + " of red; its red clearance is " + formatSeconds(needS)});
}

} // namespace greenlight::core::safety
