#include "livestate.h"

namespace greenlight::core {

CongestionLevel classifyCongestion(double meanSpeedMps, double speedLimitMps, int vehicleCount)
{
    if (vehicleCount <= 0 || speedLimitMps <= 0)
        return CongestionLevel::Free;
    const double ratio = meanSpeedMps / speedLimitMps;
    if (ratio >= 0.70)
        return CongestionLevel::Free;
    if (ratio >= 0.45)
        return CongestionLevel::Light;
    if (ratio >= 0.20)
        return CongestionLevel::Heavy;
    return CongestionLevel::Jammed;
}

const char *congestionName(CongestionLevel level)
{
    switch (level) {
    case CongestionLevel::Free: return "free";
    case CongestionLevel::Light: return "light";
    case CongestionLevel::Heavy: return "heavy";
    case CongestionLevel::Jammed: return "jammed";
    case CongestionLevel::Unknown: break;
    }
    return "unknown";
}

} // namespace greenlight::core
