// The baseline the map item is measured against: one QML item per intersection, a Repeater of
// Rectangles whose colour is bound to the intersection's live signal summary through the
// console's list model. Pan and zoom move one parent item, the cheapest way this design allows.
import QtQuick

Item {
    id: root

    required property var intersections
    // Pan offset in pixels and zoom factor about the middle, set by the benchmark each frame.
    property real panX: 0
    property real zoom: 1
    // Colours of the summary keys (IntersectionListModel.summaryColour).
    readonly property var colours: ({
        "green": "#2ea043", "yellow": "#d29922", "redAmber": "#db6d28", "red": "#da3633",
        "flashing": "#e3b341", "off": "#6e7681", "unknown": "#484f58"
    })

    Rectangle {
        anchors.fill: parent
        color: "#161b22"
    }

    Item {
        id: world
        width: root.width
        height: root.height
        x: root.panX
        transform: Scale {
            origin.x: root.width / 2
            origin.y: root.height / 2
            xScale: root.zoom
            yScale: root.zoom
        }

        Repeater {
            model: root.intersections
            delegate: Rectangle {
                required property real screenX
                required property real screenY
                required property string summaryColour
                x: screenX - 3
                y: screenY - 3
                width: 6
                height: 6
                color: root.colours[summaryColour]
            }
        }
    }
}
