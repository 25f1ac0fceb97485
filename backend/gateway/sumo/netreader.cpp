#include "netreader.h"

#include <QDir>
#include <QFileInfo>
#include <QXmlStreamReader>

#include <zlib.h>

namespace greenlight::gateway::sumo {

namespace {

std::string attr(const QXmlStreamAttributes &attrs, QLatin1StringView name)
{
    return attrs.value(name).toString().toStdString();
}

std::vector<std::string> splitSpaces(QStringView text)
{
    std::vector<std::string> out;
    for (const auto &part : text.split(u' ', Qt::SkipEmptyParts))
        out.push_back(part.toString().toStdString());
    return out;
}

bool fail(const QXmlStreamReader &xml, std::string *error)
{
    if (!xml.hasError())
        return false;
    if (error)
        *error = "XML error at line " + std::to_string(xml.lineNumber()) + ": " + xml.errorString().toStdString();
    return true;
}

} // namespace

const NetEdge *NetFile::edge(const std::string &id) const
{
    const auto it = edgeIndex.find(id);
    return it == edgeIndex.end() ? nullptr : &edges[it->second];
}

const NetJunction *NetFile::junction(const std::string &id) const
{
    const auto it = junctionIndex.find(id);
    return it == junctionIndex.end() ? nullptr : &junctions[it->second];
}

std::optional<QByteArray> readMaybeCompressed(const std::string &path, std::string *error)
{
    // gzread passes plain files through unchanged.
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file) {
        if (error)
            *error = "cannot open " + path;
        return std::nullopt;
    }
    QByteArray out;
    char buffer[1 << 16];
    int n = 0;
    while ((n = gzread(file, buffer, sizeof buffer)) > 0)
        out.append(buffer, n);
    int code = Z_OK;
    const char *message = n < 0 ? gzerror(file, &code) : nullptr;
    const std::string reason = message ? message : "";
    gzclose(file);
    if (n < 0) {
        if (error)
            *error = "cannot read " + path + ": " + reason;
        return std::nullopt;
    }
    return out;
}

std::optional<NetFile> parseNet(const QByteArray &text, std::string *error)
{
    NetFile net;
    QXmlStreamReader xml(text);
    NetEdge *edge = nullptr;      // the normal edge whose lanes are being read
    NetJunction *junction = nullptr;
    bool sawNet = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::EndElement) {
            if (xml.name() == u"edge")
                edge = nullptr;
            else if (xml.name() == u"junction")
                junction = nullptr;
            continue;
        }
        if (token != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        const auto attrs = xml.attributes();
        if (name == u"net") {
            sawNet = true;
        } else if (name == u"edge") {
            const auto function = attr(attrs, QLatin1StringView("function"));
            if (function == "internal" || function == "crossing" || function == "walkingarea")
                continue;
            NetEdge e;
            e.id = attr(attrs, QLatin1StringView("id"));
            e.from = attr(attrs, QLatin1StringView("from"));
            e.to = attr(attrs, QLatin1StringView("to"));
            e.type = attr(attrs, QLatin1StringView("type"));
            e.function = function;
            e.name = attr(attrs, QLatin1StringView("name"));
            bool ok = false;
            const int priority = attrs.value(QLatin1StringView("priority")).toInt(&ok);
            e.priority = ok ? priority : -1;
            net.edgeIndex.emplace(e.id, net.edges.size());
            net.edges.push_back(std::move(e));
            edge = &net.edges.back();
        } else if (name == u"lane" && edge) {
            edge->lanes.push_back({attr(attrs, QLatin1StringView("id")),
                                   attrs.value(QLatin1StringView("length")).toDouble(),
                                   attr(attrs, QLatin1StringView("allow"))});
        } else if (name == u"junction") {
            NetJunction j;
            j.id = attr(attrs, QLatin1StringView("id"));
            j.type = attr(attrs, QLatin1StringView("type"));
            j.internalLanes = splitSpaces(attrs.value(QLatin1StringView("intLanes")));
            net.junctionIndex.emplace(j.id, net.junctions.size());
            net.junctions.push_back(std::move(j));
            junction = &net.junctions.back();
        } else if (name == u"request" && junction) {
            bool ok = false;
            const int index = attrs.value(QLatin1StringView("index")).toInt(&ok);
            if (ok && index >= 0) {
                if (junction->foes.size() <= static_cast<std::size_t>(index))
                    junction->foes.resize(static_cast<std::size_t>(index) + 1);
                junction->foes[static_cast<std::size_t>(index)] = attr(attrs, QLatin1StringView("foes"));
            }
        } else if (name == u"connection") {
            const auto from = attr(attrs, QLatin1StringView("from"));
            const auto via = attr(attrs, QLatin1StringView("via"));
            if (!from.empty() && from.front() == ':' && !via.empty())
                net.viaNext.emplace(from + "_" + attr(attrs, QLatin1StringView("fromLane")), via);
        }
    }
    if (fail(xml, error))
        return std::nullopt;
    if (!sawNet) {
        if (error)
            *error = "not a SUMO network (no <net> element)";
        return std::nullopt;
    }
    return net;
}

std::optional<NetFile> readNetFile(const std::string &path, std::string *error)
{
    const auto text = readMaybeCompressed(path, error);
    if (!text)
        return std::nullopt;
    std::string why;
    auto net = parseNet(*text, &why);
    if (!net && error)
        *error = path + ": " + why;
    return net;
}

std::optional<ScenarioFiles> readScenarioFiles(const std::string &cfgPath, std::string *error)
{
    const auto text = readMaybeCompressed(cfgPath, error);
    if (!text)
        return std::nullopt;
    const QDir base = QFileInfo(QString::fromStdString(cfgPath)).absoluteDir();
    const auto resolve = [&base](QStringView list) {
        std::vector<std::string> out;
        for (const auto &part : list.split(u',', Qt::SkipEmptyParts)) {
            const QString trimmed = part.trimmed().toString();
            if (!trimmed.isEmpty())
                out.push_back(QDir::cleanPath(base.absoluteFilePath(trimmed)).toStdString());
        }
        return out;
    };
    ScenarioFiles files;
    QXmlStreamReader xml(*text);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attrs = xml.attributes();
        const auto value = attrs.hasAttribute(QLatin1StringView("value")) ? attrs.value(QLatin1StringView("value"))
                                                                          : attrs.value(QLatin1StringView("v"));
        if (xml.name() == u"net-file") {
            const auto nets = resolve(value);
            if (!nets.empty())
                files.netFile = nets.front();
        } else if (xml.name() == u"additional-files") {
            files.additionalFiles = resolve(value);
        }
    }
    if (xml.hasError()) {
        if (error)
            *error = cfgPath + ": " + xml.errorString().toStdString();
        return std::nullopt;
    }
    if (files.netFile.empty()) {
        if (error)
            *error = cfgPath + ": no net-file";
        return std::nullopt;
    }
    return files;
}

std::unordered_map<std::string, int> parseParkingCapacities(const QByteArray &text)
{
    std::unordered_map<std::string, int> out;
    QXmlStreamReader xml(text);
    std::string current;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::EndElement && xml.name() == u"parkingArea") {
            current.clear();
        } else if (token == QXmlStreamReader::StartElement) {
            const auto attrs = xml.attributes();
            if (xml.name() == u"parkingArea") {
                current = attr(attrs, QLatin1StringView("id"));
                out[current] = attrs.value(QLatin1StringView("roadsideCapacity")).toInt();
            } else if (xml.name() == u"space" && !current.empty()) {
                ++out[current];
            }
        }
    }
    return out;
}

} // namespace greenlight::gateway::sumo
