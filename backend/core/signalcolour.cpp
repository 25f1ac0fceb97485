#include "signalcolour.h"

namespace greenlight::core {

SignalColour colourFromLetter(char letter)
{
    switch (letter) {
    case 'r': return SignalColour::Red;
    case 'u': return SignalColour::RedAmber;
    case 'y': case 'Y': return SignalColour::Yellow;
    case 'G': return SignalColour::GreenProtected;
    case 'g': return SignalColour::GreenPermissive;
    case 'o': return SignalColour::Flashing;
    case 'O': return SignalColour::Off;
    case 's': return SignalColour::Stop;
    default: return SignalColour::Unknown;
    }
}

char letterFromColour(SignalColour colour)
{
    switch (colour) {
    case SignalColour::Red: return 'r';
    case SignalColour::RedAmber: return 'u';
    case SignalColour::Yellow: return 'y';
    case SignalColour::GreenProtected: return 'G';
    case SignalColour::GreenPermissive: return 'g';
    case SignalColour::Flashing: return 'o';
    case SignalColour::Off: return 'O';
    case SignalColour::Stop: return 's';
    case SignalColour::Unknown: break;
    }
    return '?';
}

std::vector<SignalColour> coloursFromState(std::string_view state)
{
    std::vector<SignalColour> out;
    out.reserve(state.size());
    for (char c : state)
        out.push_back(colourFromLetter(c));
    return out;
}

std::string stateFromColours(const std::vector<SignalColour> &colours)
{
    std::string out;
    out.reserve(colours.size());
    for (SignalColour c : colours)
        out.push_back(letterFromColour(c));
    return out;
}

bool isGreen(SignalColour colour)
{
    return colour == SignalColour::GreenProtected || colour == SignalColour::GreenPermissive
        || colour == SignalColour::Stop;
}

bool isGo(SignalColour colour)
{
    return isGreen(colour) || colour == SignalColour::Yellow;
}

const char *colourName(SignalColour colour)
{
    switch (colour) {
    case SignalColour::Red: return "red";
    case SignalColour::RedAmber: return "red-amber";
    case SignalColour::Yellow: return "yellow";
    case SignalColour::GreenProtected: return "green";
    case SignalColour::GreenPermissive: return "green (yield)";
    case SignalColour::Flashing: return "flashing";
    case SignalColour::Off: return "off";
    case SignalColour::Stop: return "stop, then go";
    case SignalColour::Unknown: break;
    }
    return "unknown";
}

namespace {
int rank(SignalColour c)
{
    switch (c) {
    case SignalColour::GreenProtected: return 8;
    case SignalColour::GreenPermissive: return 7;
    case SignalColour::Stop: return 6;
    case SignalColour::Yellow: return 5;
    case SignalColour::RedAmber: return 4;
    case SignalColour::Red: return 3;
    case SignalColour::Flashing: return 2;
    case SignalColour::Off: return 1;
    case SignalColour::Unknown: break;
    }
    return 0;
}
} // namespace

SignalColour summariseColours(const SignalColour *begin, const SignalColour *end)
{
    SignalColour best = SignalColour::Unknown;
    for (auto it = begin; it != end; ++it)
        if (rank(*it) > rank(best))
            best = *it;
    return best;
}

} // namespace greenlight::core
