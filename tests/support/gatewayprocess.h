#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace greenlight::testing {

// A real greenlight-gateway child process for tests: started on a free loopback port, ready once
// it reports that it is serving, killed when the object goes away.
class GatewayProcess
{
public:
    explicit GatewayProcess(QString binary);
    ~GatewayProcess();

    // Starts the gateway with these extra arguments on `port` (a free one when 0) and waits up to
    // timeoutMs for its ready line. Returns false with the reason in error().
    bool start(const QStringList &args, int port = 0, int timeoutMs = 120000);
    // Kills the process at once (SIGKILL), as a crash or power loss would.
    void kill();
    // Asks it to stop (SIGTERM) and waits for it.
    void terminate();

    int port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QString error() const { return m_error; }
    // Everything the gateway wrote to stderr so far.
    QString log() const;
    bool isRunning() const { return m_process.state() == QProcess::Running; }

    // A loopback TCP port nobody listens on right now.
    static int freePort();
    // Writes a users file (one `name role token` line per user) for --users; false when it
    // cannot be written whole.
    static bool writeUsersFile(const QString &path, const char *lines);

private:
    QString m_binary;
    mutable QProcess m_process;
    int m_port = 0;
    QString m_error;
    mutable QString m_log;
};

} // namespace greenlight::testing
