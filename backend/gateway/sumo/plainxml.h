#pragma once

#include "citygenerator.h"

#include <string>

class QString;

namespace greenlight::gateway::sumo {

// Writes plain.nod.xml, plain.edg.xml and plain.typ.xml (netconvert's plain XML) for plan into
// dir. Node positions are written as lon/lat for netconvert's --proj.utm. The output depends only
// on the plan, byte for byte.
bool writePlainXml(const CityPlan &plan, const QString &dir, std::string *error);

} // namespace greenlight::gateway::sumo
