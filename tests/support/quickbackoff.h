#pragma once

// A short reconnect backoff for tests of the console's clients, so they do not wait on the
// production delays. Header only: the support library itself does not link the console.

#include "console/backoff.h"

namespace greenlight::testing {

inline console::BackoffPolicy quickBackoff()
{
    console::BackoffPolicy p;
    p.initialSeconds = 0.1;
    p.maxSeconds = 0.5;
    return p;
}

} // namespace greenlight::testing
