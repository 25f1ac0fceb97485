#pragma once

#include <string>

namespace greenlight::core::safety {

// Seconds as an operator reads them: "4 s", "2.5 s" (one decimal, a trailing ".0" dropped).
std::string formatSeconds(double seconds);

} // namespace greenlight::core::safety
