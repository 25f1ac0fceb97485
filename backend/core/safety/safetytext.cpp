#include "safetytext.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace greenlight::core::safety {

std::string formatSeconds(double seconds)
{
    if (!std::isfinite(seconds))
        return "unlimited";
    if (std::abs(seconds) < 0.05)
        seconds = 0; // no "-0 s"
    char buffer[32];
    int length = std::min(std::snprintf(buffer, sizeof buffer, "%.1f", seconds), int(sizeof buffer) - 1);
    if (length >= 2 && buffer[length - 2] == '.' && buffer[length - 1] == '0')
        length -= 2;
    return std::string(buffer, static_cast<std::size_t>(std::max(length, 0))) + " s";
}

} // namespace greenlight::core::safety
