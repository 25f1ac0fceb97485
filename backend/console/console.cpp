#include "console.h"

namespace greenlight::console {

Console::Console(const Services &services, const Info &info, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_info(info)
{
}

} // namespace greenlight::console
