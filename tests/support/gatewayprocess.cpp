#include "gatewayprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTcpServer>

namespace greenlight::testing {

GatewayProcess::GatewayProcess(QString binary)
    : m_binary(std::move(binary))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setReadChannel(QProcess::StandardError);
}

GatewayProcess::~GatewayProcess()
{
    kill();
}

int GatewayProcess::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool GatewayProcess::start(const QStringList &args, int port, int timeoutMs)
{
    m_port = port ? port : freePort();
    m_log.clear();
    m_process.start(m_binary, QStringList{QStringLiteral("--listen"), address()} + args);
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(m_binary, m_process.errorString());
        return false;
    }
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.waitForReadyRead(200))
            m_log += QString::fromUtf8(m_process.readAllStandardError());
        if (m_log.contains(QStringLiteral("serving")))
            return true;
        if (m_process.state() != QProcess::Running) {
            m_log += QString::fromUtf8(m_process.readAllStandardError());
            m_error = QStringLiteral("gateway exited with %1: %2").arg(m_process.exitCode()).arg(m_log.trimmed());
            return false;
        }
    }
    m_error = QStringLiteral("gateway not ready after %1 ms: %2").arg(timeoutMs).arg(m_log.right(2000));
    kill();
    return false;
}

QString GatewayProcess::log() const
{
    m_log += QString::fromUtf8(m_process.readAllStandardError());
    return m_log;
}

void GatewayProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(10000);
}

void GatewayProcess::terminate()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(15000))
        kill();
}

bool GatewayProcess::writeUsersFile(const QString &path, const char *lines)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const QByteArray text(lines);
    return file.write(text) == text.size() && file.flush();
}

} // namespace greenlight::testing
