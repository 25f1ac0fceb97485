#include "signaldisplay.h"

namespace greenlight::core::safety {

bool isGreenLetter(char letter)
{
    return letter == 'G' || letter == 'g' || letter == 's';
}

bool isGoLetter(char letter)
{
    return isGreenLetter(letter) || letter == 'y' || letter == 'Y';
}

bool isFlashLetter(char letter)
{
    return letter == 'o' || letter == 'O';
}

char normalisedLetter(char letter)
{
    return letter == 'Y' ? 'y' : letter;
}

SignalDisplay::SignalDisplay(std::string_view state, double sinceS)
{
    m_groups.reserve(state.size());
    for (char letter : state) {
        GroupDisplay group;
        group.colour = normalisedLetter(letter);
        group.sinceS = sinceS;
        group.previousSinceS = sinceS;
        m_groups.push_back(group);
    }
}

SignalDisplay::SignalDisplay(std::vector<GroupDisplay> groups)
    : m_groups(std::move(groups))
{
}

void SignalDisplay::apply(std::string_view state, double timeS)
{
    if (state.size() != m_groups.size()) {
        *this = SignalDisplay(state, timeS);
        return;
    }
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        GroupDisplay &group = m_groups[g];
        const char next = normalisedLetter(state[g]);
        if (next == group.colour)
            continue;
        const bool sameClass = (isGreenLetter(next) && isGreenLetter(group.colour))
            || (isFlashLetter(next) && isFlashLetter(group.colour));
        if (sameClass) {
            group.colour = next;
            continue;
        }
        group.previous = group.colour;
        group.previousSinceS = group.sinceS;
        group.colour = next;
        group.sinceS = timeS;
    }
}

std::string SignalDisplay::state() const
{
    std::string out;
    out.reserve(m_groups.size());
    for (const GroupDisplay &group : m_groups)
        out.push_back(group.colour);
    return out;
}

} // namespace greenlight::core::safety
