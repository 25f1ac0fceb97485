#include "qmltypes.h"

#include <QJSEngine>
#include <QQmlEngine>

namespace greenlight::qmltypes {

greenlight::console::Console *ConsoleSingleton::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT_X(s_console, "Console", "the composition root must call setConsole() before loading QML");
    QJSEngine::setObjectOwnership(s_console, QJSEngine::CppOwnership);
    return s_console;
}

void ConsoleSingleton::setConsole(greenlight::console::Console *console)
{
    s_console = console;
}

} // namespace greenlight::qmltypes
