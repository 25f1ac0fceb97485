#pragma once

#include "citygenerator.h"
#include "netreader.h"

#include <string>

class QString;

namespace greenlight::gateway::sumo {

// Writes the generated city's additional file: parking areas along local streets (with names and
// roadside capacities) and points of interest beside arterials (hospitals, a fire station, a
// police station), each with a "name" parameter.
bool writeCityAdditional(const CityPlan &plan, const NetFile &net, const QString &path, std::string *error);

// Writes the generated city's demand: a vehicle mix, flows between the gates, the residential
// blocks and the centre following a morning profile (simulation time 0 is 07:00; demand ramps up
// to a peak after about 30 minutes and stays heavy until 08:30, then eases off until 11:00), and a
// few emergency vehicles (vClass emergency: ambulances and fire engines) driving to incidents.
bool writeCityDemand(const CityPlan &plan, const NetFile &net, const QString &path, std::string *error);

} // namespace greenlight::gateway::sumo
