#include "procstats.h"

#include <QDir>
#include <QFile>
#include <QTextStream>

#include <sched.h>
#include <sys/types.h>
#include <unistd.h>

namespace greenlight::bench {

namespace {

QString procPath(long long pid, const char *file)
{
    return pid == 0 ? QStringLiteral("/proc/self/%1").arg(QLatin1String(file))
                    : QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(file));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// "VmRSS:	  123456 kB" -> MB
double kbField(const QByteArray &status, const char *name)
{
    const QByteArray key = QByteArray(name) + ':';
    for (const QByteArray &line : status.split('\n')) {
        if (!line.startsWith(key))
            continue;
        const QList<QByteArray> parts = line.mid(key.size()).simplified().split(' ');
        bool ok = false;
        const double kb = parts.value(0).toDouble(&ok);
        return ok ? kb * 1024.0 / 1e6 : -1;
    }
    return -1;
}

} // namespace

MemoryStatus readMemory(long long pid)
{
    const QByteArray status = readAll(procPath(pid, "status"));
    return {kbField(status, "VmRSS"), kbField(status, "VmHWM")};
}

double cpuSeconds(long long pid)
{
    const QByteArray stat = readAll(procPath(pid, "stat"));
    const int close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const double ticks = fields[11].toDouble() + fields[12].toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
}

std::vector<long long> childProcesses(long long parent)
{
    std::vector<long long> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const long long pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        const QByteArray stat = readAll(procPath(pid, "stat"));
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
        const int close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 1 && fields[1].toLongLong() == parent)
            children.push_back(pid);
    }
    return children;
}

long long findChild(const QString &namePrefix)
{
    const QByteArray prefix = namePrefix.left(15).toUtf8();
    for (long long pid : childProcesses(getpid())) {
        if (readAll(procPath(pid, "comm")).trimmed().startsWith(prefix))
            return pid;
    }
    return 0;
}

bool pinProcess(long long pid, int cpu, QString *error)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    const QString taskDir = procPath(pid, "task");
    const QStringList tasks = QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    if (tasks.isEmpty()) {
        if (error)
            *error = QStringLiteral("no threads under %1").arg(taskDir);
        return false;
    }
    for (const QString &task : tasks) {
        if (sched_setaffinity(pid_t(task.toLongLong()), sizeof(set), &set) != 0) {
            if (error)
                *error = QStringLiteral("sched_setaffinity(%1, cpu %2) failed").arg(task).arg(cpu);
            return false;
        }
    }
    return true;
}

int usableCpus()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0)
        return 1;
    return CPU_COUNT(&set);
}

QString cpuModel()
{
    for (const QByteArray &line : readAll(QStringLiteral("/proc/cpuinfo")).split('\n')) {
        if (line.startsWith("model name")) {
            const int colon = line.indexOf(':');
            return QString::fromUtf8(line.mid(colon + 1).trimmed());
        }
    }
    return QStringLiteral("unknown CPU");
}

int onlineCpus()
{
    return int(sysconf(_SC_NPROCESSORS_ONLN));
}

double memoryTotalGiB()
{
    return kbField(readAll(QStringLiteral("/proc/meminfo")), "MemTotal") * 1e6 / (1024.0 * 1024.0 * 1024.0);
}

QString loadAverage()
{
    const QList<QByteArray> parts = readAll(QStringLiteral("/proc/loadavg")).split(' ');
    if (parts.size() < 3)
        return QStringLiteral("unknown");
    return QStringLiteral("%1 %2 %3").arg(QString::fromUtf8(parts[0]), QString::fromUtf8(parts[1]),
                                          QString::fromUtf8(parts[2]));
}

} // namespace greenlight::bench
