#include "plainxml.h"

#include <QDir>
#include <QSaveFile>
#include <QXmlStreamWriter>

#include <map>

namespace greenlight::gateway::sumo {

namespace {

QString number(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

bool finish(QSaveFile &file, QXmlStreamWriter &xml, std::string *error)
{
    xml.writeEndDocument();
    if (xml.hasError() || !file.commit()) {
        if (error)
            *error = "cannot write " + file.fileName().toStdString() + ": " + file.errorString().toStdString();
        return false;
    }
    return true;
}

bool open(QSaveFile &file, std::string *error)
{
    if (file.open(QIODevice::WriteOnly))
        return true;
    if (error)
        *error = "cannot write " + file.fileName().toStdString() + ": " + file.errorString().toStdString();
    return false;
}

} // namespace

bool writePlainXml(const CityPlan &plan, const QString &dir, std::string *error)
{
    const QDir out(dir);
    {
        QSaveFile file(out.filePath(QStringLiteral("plain.nod.xml")));
        if (!open(file, error))
            return false;
        QXmlStreamWriter xml(&file);
        xml.setAutoFormatting(true);
        xml.writeStartDocument();
        xml.writeStartElement(QStringLiteral("nodes"));
        for (const auto &n : plan.nodes) {
            // Positions are lon/lat; netconvert projects them with --proj.utm.
            const auto geo = planToGeo(plan.origin, n.x, n.y);
            xml.writeEmptyElement(QStringLiteral("node"));
            xml.writeAttribute(QStringLiteral("id"), QString::fromStdString(n.id));
            xml.writeAttribute(QStringLiteral("x"), number(geo.lon, 7));
            xml.writeAttribute(QStringLiteral("y"), number(geo.lat, 7));
            xml.writeAttribute(QStringLiteral("type"),
                               n.signalised ? QStringLiteral("traffic_light") : QStringLiteral("priority"));
        }
        xml.writeEndElement();
        if (!finish(file, xml, error))
            return false;
    }
    {
        QSaveFile file(out.filePath(QStringLiteral("plain.edg.xml")));
        if (!open(file, error))
            return false;
        QXmlStreamWriter xml(&file);
        xml.setAutoFormatting(true);
        xml.writeStartDocument();
        xml.writeStartElement(QStringLiteral("edges"));
        for (const auto &e : plan.edges) {
            xml.writeEmptyElement(QStringLiteral("edge"));
            xml.writeAttribute(QStringLiteral("id"), QString::fromStdString(e.id));
            xml.writeAttribute(QStringLiteral("from"), QString::fromStdString(e.from));
            xml.writeAttribute(QStringLiteral("to"), QString::fromStdString(e.to));
            xml.writeAttribute(QStringLiteral("type"), QString::fromStdString(e.type));
            xml.writeAttribute(QStringLiteral("priority"), QString::number(e.priority));
            xml.writeAttribute(QStringLiteral("numLanes"), QString::number(e.lanes));
            xml.writeAttribute(QStringLiteral("speed"), number(e.speedMps, 2));
            xml.writeAttribute(QStringLiteral("name"), QString::fromStdString(e.name));
        }
        xml.writeEndElement();
        if (!finish(file, xml, error))
            return false;
    }
    QSaveFile file(out.filePath(QStringLiteral("plain.typ.xml")));
    if (!open(file, error))
        return false;
    QXmlStreamWriter xml(&file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("types"));
    std::map<std::string, const PlanEdge *> types;
    for (const auto &e : plan.edges)
        types.emplace(e.type, &e);
    for (const auto &[id, e] : types) {
        xml.writeEmptyElement(QStringLiteral("type"));
        xml.writeAttribute(QStringLiteral("id"), QString::fromStdString(id));
        xml.writeAttribute(QStringLiteral("priority"), QString::number(e->priority));
        xml.writeAttribute(QStringLiteral("numLanes"), QString::number(e->lanes));
        xml.writeAttribute(QStringLiteral("speed"), number(e->speedMps, 2));
    }
    xml.writeEndElement();
    return finish(file, xml, error);
}

} // namespace greenlight::gateway::sumo
