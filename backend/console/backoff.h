#pragma once

namespace greenlight::console {

// How long to wait before the next reconnect attempt: exponential growth with a cap and
// symmetric random jitter, so that many consoles losing the same gateway do not all come back
// in the same instant. Pure arithmetic; the caller supplies the random number.
struct BackoffPolicy {
    double initialSeconds = 0.5;  // delay before the first retry, before jitter
    double factor = 2.0;          // growth per attempt
    double maxSeconds = 10.0;     // cap, before jitter
    double jitter = 0.3;          // +- this fraction of the delay
};

// Delay before attempt `attempt` (1 for the first retry), given a uniform random number in
// [0, 1) that picks the jitter: 0 gives the shortest delay, 0.5 the nominal one.
double backoffDelaySeconds(int attempt, double random01, const BackoffPolicy &policy = {});

// The nominal (unjittered) delay for an attempt.
double nominalBackoffSeconds(int attempt, const BackoffPolicy &policy = {});

} // namespace greenlight::console
