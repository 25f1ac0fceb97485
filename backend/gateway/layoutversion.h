#pragma once

#include "greenlight/v1/city.pb.h"

#include <string>

namespace greenlight::gateway {

// A short hash of every field of the layout except layout_version itself: it changes whenever the
// layout does.
std::string layoutVersionOf(const v1::CityLayout &layout);

} // namespace greenlight::gateway
