#include "citybuilder.h"

#include "citydemand.h"
#include "plainxml.h"
#include "logging.h"
#include "netreader.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSaveFile>
#include <QXmlStreamWriter>

#ifndef GREENLIGHT_NETCONVERT
#define GREENLIGHT_NETCONVERT "netconvert"
#endif

namespace greenlight::gateway::sumo {

namespace {

// Bump whenever the generated files change for the same seed, size and origin.
constexpr int kGeneratorVersion = 2;
constexpr int kNetconvertTimeoutMs = 180000;

const char *const kNetName = "city.net.xml";
const char *const kAdditionalName = "city.add.xml";
const char *const kRoutesName = "city.rou.xml";

QString netconvertProgram()
{
    const QString configured = QStringLiteral(GREENLIGHT_NETCONVERT);
    return QFileInfo::exists(configured) ? configured : QStringLiteral("netconvert");
}

bool writeConfig(const QString &path, std::string *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = "cannot write " + path.toStdString() + ": " + file.errorString().toStdString();
        return false;
    }
    QXmlStreamWriter xml(&file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("configuration"));
    const auto group = [&xml](const char *name, std::initializer_list<std::pair<const char *, QString>> values) {
        xml.writeStartElement(QLatin1StringView(name));
        for (const auto &[key, value] : values) {
            xml.writeEmptyElement(QLatin1StringView(key));
            xml.writeAttribute(QStringLiteral("value"), value);
        }
        xml.writeEndElement();
    };
    group("input", {{"net-file", QLatin1StringView(kNetName)},
                    {"route-files", QLatin1StringView(kRoutesName)},
                    {"additional-files", QLatin1StringView(kAdditionalName)}});
    group("time", {{"begin", QStringLiteral("0")}, {"step-length", QStringLiteral("1.0")}});
    group("processing", {{"time-to-teleport", QStringLiteral("300")},
                         {"ignore-route-errors", QStringLiteral("true")},
                         {"max-depart-delay", QStringLiteral("600")}});
    group("report", {{"no-warnings", QStringLiteral("true")}, {"no-step-log", QStringLiteral("true")}});
    xml.writeEndElement();
    xml.writeEndDocument();
    if (!xml.hasError() && file.commit())
        return true;
    if (error)
        *error = "cannot write " + path.toStdString();
    return false;
}

} // namespace

CityBuilder::CityBuilder(std::uint32_t seed, CitySize size, const core::LatLon &origin)
    : m_seed(seed)
    , m_size(size)
    , m_origin(origin)
{
}

const char *CityBuilder::configName()
{
    return "city.sumocfg";
}

std::string CityBuilder::cacheKey() const
{
    const QString text = QStringLiteral("greenlight-city|%1|%2|%3|%4|%5")
                             .arg(kGeneratorVersion)
                             .arg(m_seed)
                             .arg(m_origin.lat, 0, 'f', 7)
                             .arg(m_origin.lon, 0, 'f', 7)
                             .arg(QLatin1StringView(citySizeName(m_size)));
    const QByteArray hash = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
    return std::string("city-") + citySizeName(m_size) + "-seed" + std::to_string(m_seed) + "-" + hash.toStdString();
}

bool CityBuilder::runNetconvert(const CityPlan &plan, const QString &dir, std::string *error) const
{
    const QDir out(dir);
    QStringList args{
        QStringLiteral("-X"), QStringLiteral("never"),
        QStringLiteral("--node-files"), out.filePath(QStringLiteral("plain.nod.xml")),
        QStringLiteral("--edge-files"), out.filePath(QStringLiteral("plain.edg.xml")),
        QStringLiteral("--type-files"), out.filePath(QStringLiteral("plain.typ.xml")),
        QStringLiteral("--output-file"), out.filePath(QLatin1StringView(kNetName)),
        // Node positions are lon/lat; UTM keeps the net metric and convertGeo exact.
        QStringLiteral("--proj.utm"),
        QStringLiteral("--output.street-names"),
        QStringLiteral("--tls.default-type"), QStringLiteral("static"),
        QStringLiteral("--tls.green.time"), QStringLiteral("30"),
        QStringLiteral("--tls.yellow.time"), QStringLiteral("4"),
        QStringLiteral("--tls.allred.time"), QStringLiteral("1"),
        QStringLiteral("--tls.left-green.time"), QStringLiteral("8"),
        // Left turns across 50 km/h traffic get their own protected phase.
        QStringLiteral("--tls.minor-left.max-speed"), QStringLiteral("12"),
        QStringLiteral("--no-turnarounds.tls"),
        QStringLiteral("--junctions.corner-detail"), QStringLiteral("5"),
        QStringLiteral("--no-warnings"),
        QStringLiteral("--seed"), QString::number(m_seed),
    };
    QStringList quarter;
    QStringList half;
    for (const auto &n : plan.nodes) {
        if (!n.signalised)
            continue;
        if (n.offsetQuarters == 1)
            quarter << QString::fromStdString(n.id);
        else if (n.offsetQuarters == 2)
            half << QString::fromStdString(n.id);
    }
    if (!quarter.isEmpty())
        args << QStringLiteral("--tls.quarter-offset") << quarter.join(u',');
    if (!half.isEmpty())
        args << QStringLiteral("--tls.half-offset") << half.join(u',');
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(netconvertProgram(), args);
    if (!process.waitForStarted()) {
        if (error)
            *error = "cannot run netconvert: " + process.errorString().toStdString();
        return false;
    }
    process.waitForFinished(kNetconvertTimeoutMs);
    const QString messages = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        if (error)
            *error = "netconvert timed out";
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = "netconvert failed: " + messages.section(u'\n', -1).toStdString();
        return false;
    }
    return true;
}

std::optional<std::string> CityBuilder::writeScenario(const std::string &dirPath, std::string *error) const
{
    const QString dir = QString::fromStdString(dirPath);
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = "cannot create " + dirPath;
        return std::nullopt;
    }
    QElapsedTimer timer;
    timer.start();
    qCInfo(lcSumo, "generating %s city (seed %u)…", citySizeName(m_size), m_seed);
    const CityPlan plan = generateCityPlan(m_seed, m_size, m_origin);
    if (!writePlainXml(plan, dir, error))
        return std::nullopt;
    const auto signals = std::count_if(plan.nodes.begin(), plan.nodes.end(), [](const PlanNode &n) { return n.signalised; });
    qCInfo(lcSumo, "running netconvert (%zu junctions, %td signalised, %zu streets)…", plan.nodes.size(), signals,
           plan.edges.size());
    if (!runNetconvert(plan, dir, error))
        return std::nullopt;
    const QDir out(dir);
    const auto net = readNetFile(out.filePath(QLatin1StringView(kNetName)).toStdString(), error);
    if (!net)
        return std::nullopt;
    qCInfo(lcSumo, "writing parking, points of interest and demand…");
    if (!writeCityAdditional(plan, *net, out.filePath(QLatin1StringView(kAdditionalName)), error)
        || !writeCityDemand(plan, *net, out.filePath(QLatin1StringView(kRoutesName)), error))
        return std::nullopt;
    const QString config = out.filePath(QLatin1StringView(configName()));
    if (!writeConfig(config, error))
        return std::nullopt;
    qCInfo(lcSumo, "generated the city in %.1f s", timer.elapsed() / 1000.0);
    return QFileInfo(config).absoluteFilePath().toStdString();
}

std::optional<std::string> CityBuilder::ensureCached(const std::string &cacheRoot, std::string *error) const
{
    QDir root(QString::fromStdString(cacheRoot));
    const QString key = QString::fromStdString(cacheKey());
    const QString finalDir = root.filePath(key);
    const QString config = QDir(finalDir).filePath(QLatin1StringView(configName()));
    if (QFileInfo::exists(config)) {
        qCInfo(lcSumo, "using the cached city in %s", qPrintable(finalDir));
        return config.toStdString();
    }
    if (!root.mkpath(QStringLiteral("."))) {
        if (error)
            *error = "cannot create the cache folder " + cacheRoot;
        return std::nullopt;
    }
    // A leftover folder without a config is incomplete: replace it.
    if (QFileInfo::exists(finalDir))
        QDir(finalDir).removeRecursively();
    const QString temp = root.filePath(QStringLiteral(".tmp-%1-%2").arg(key).arg(QCoreApplication::applicationPid()));
    QDir(temp).removeRecursively();
    if (!writeScenario(temp.toStdString(), error)) {
        QDir(temp).removeRecursively();
        return std::nullopt;
    }
    if (!root.rename(temp, finalDir)) {
        QDir(temp).removeRecursively();
        // Another gateway may have finished the same city first.
        if (!QFileInfo::exists(config)) {
            if (error)
                *error = "cannot move the generated city into " + finalDir.toStdString();
            return std::nullopt;
        }
    }
    return config.toStdString();
}

} // namespace greenlight::gateway::sumo
