#pragma once

#include <functional>

namespace greenlight::bench {

// Runs the event loop for a while.
void runFor(double seconds);
// Runs the event loop until done() holds or timeoutSeconds pass; returns done().
bool runUntil(const std::function<bool()> &done, double timeoutSeconds);

} // namespace greenlight::bench
