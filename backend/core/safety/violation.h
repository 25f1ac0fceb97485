#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace greenlight::core::safety {

// One broken safety rule.
struct Violation {
    std::string rule;         // invariant id, "S1" .. "S10"
    std::vector<int> groups;  // signal groups involved
    std::string reason;       // a sentence an operator understands
};

// True when any of the violations breaks `rule`.
inline bool breaksRule(const std::vector<Violation> &violations, std::string_view rule)
{
    for (const Violation &v : violations)
        if (v.rule == rule)
            return true;
    return false;
}

} // namespace greenlight::core::safety
