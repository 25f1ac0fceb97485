#include "backoff.h"

#include <algorithm>
#include <cmath>

namespace greenlight::console {

double nominalBackoffSeconds(int attempt, const BackoffPolicy &policy)
{
    if (attempt < 1)
        attempt = 1;
    // Stop multiplying once past the cap, so large attempt counts cannot overflow.
    double delay = policy.initialSeconds;
    for (int i = 1; i < attempt && delay < policy.maxSeconds; ++i)
        delay *= policy.factor;
    return std::min(delay, policy.maxSeconds);
}

double backoffDelaySeconds(int attempt, double random01, const BackoffPolicy &policy)
{
    const double r = std::clamp(std::isfinite(random01) ? random01 : 0.5, 0.0, 1.0);
    const double spread = std::clamp(policy.jitter, 0.0, 1.0);
    return nominalBackoffSeconds(attempt, policy) * (1.0 + spread * (2.0 * r - 1.0));
}

} // namespace greenlight::console
