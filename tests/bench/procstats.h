#pragma once

#include <QString>

#include <vector>

namespace greenlight::bench {

// Memory of a process from /proc/<pid>/status, in MB (10^6 bytes); negative when unreadable.
struct MemoryStatus
{
    double rssMB = -1;   // VmRSS: resident now
    double hwmMB = -1;   // VmHWM: peak resident so far
};

// Reads /proc/<pid>/status (pid 0: this process).
MemoryStatus readMemory(long long pid);
// CPU time (user + system) a process has used so far, seconds; negative when unreadable.
double cpuSeconds(long long pid);
// Processes whose parent is parent, from /proc/*/stat.
std::vector<long long> childProcesses(long long parent);
// The first child of this process running an executable whose name starts with namePrefix
// (as /proc/<pid>/comm spells it, at most 15 characters); 0 if none.
long long findChild(const QString &namePrefix);
// Restricts every thread of process pid (0: this process) to one CPU, as
// `taskset -a -p -c cpu pid` does; threads started later inherit it from their creator.
bool pinProcess(long long pid, int cpu, QString *error);
// Number of CPUs this process may run on.
int usableCpus();

// The machine, for the report: CPU model, cores, memory, load average.
QString cpuModel();
int onlineCpus();
double memoryTotalGiB();
QString loadAverage();

} // namespace greenlight::bench
