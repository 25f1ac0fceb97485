#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace greenlight::core {

// The colour one signal group shows. Values match greenlight.v1.SignalColour.
enum class SignalColour : std::uint8_t {
    Unknown = 0,
    Red = 1,
    RedAmber = 2,
    Yellow = 3,
    GreenProtected = 4,
    GreenPermissive = 5,
    Flashing = 6,
    Off = 7,
    Stop = 8,
};

// Colour from a SUMO state letter (r u y G g o O s); Unknown for anything else.
SignalColour colourFromLetter(char letter);
// The SUMO state letter of a colour ('?' for Unknown).
char letterFromColour(SignalColour colour);
// Parses a whole SUMO state string, one colour per letter.
std::vector<SignalColour> coloursFromState(std::string_view state);
// The SUMO state string of a colour list.
std::string stateFromColours(const std::vector<SignalColour> &colours);
// True for both kinds of green (and the green-after-stop arrow).
bool isGreen(SignalColour colour);
// True where traffic may enter: green or yellow.
bool isGo(SignalColour colour);
// A short English name ("green", "yellow", ...).
const char *colourName(SignalColour colour);

// Folds several movements' colours into one to summarise an approach: the most permissive wins
// (green over yellow over red-amber over red), flashing and off only when nothing else shows.
SignalColour summariseColours(const SignalColour *begin, const SignalColour *end);

} // namespace greenlight::core
