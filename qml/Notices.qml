pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// What the operator must be told about control and green waves: refusals, commands not sent,
// leases lost, waves ended. Each
// notice stays a while (warnings longer) and can be dismissed with a click.
ColumnLayout {
    id: notices

    spacing: Theme.spacing

    ListModel {
        id: shown
    }

    function show(text: string, warning: bool) {
        shown.append({ text: text, warning: warning, until: Date.now() + (warning ? 12000 : 6000) })
        while (shown.count > 4)
            shown.remove(0)
        expiry.restart()
    }

    Connections {
        target: Console.control
        function onNotice(text: string, warning: bool) { notices.show(text, warning) }
    }
    Connections {
        target: Console.greenWave
        function onNotice(text: string, warning: bool) { notices.show(text, warning) }
    }

    Timer {
        id: expiry
        interval: 1000
        repeat: true
        onTriggered: {
            const now = Date.now()
            for (let i = shown.count - 1; i >= 0; --i)
                if (shown.get(i).until <= now)
                    shown.remove(i)
            if (shown.count === 0)
                stop()
        }
    }

    Repeater {
        model: shown
        delegate: Rectangle {
            id: notice
            required property int index
            required property string text
            required property bool warning

            Layout.preferredWidth: Math.min(label.implicitWidth + 2 * Theme.margin, 640)
            Layout.alignment: Qt.AlignHCenter
            implicitHeight: label.implicitHeight + Theme.margin
            radius: Theme.radius
            color: notice.warning ? Theme.bannerLost : Theme.panelRaised
            border.color: Theme.text
            border.width: notice.warning ? 0 : 1

            Label {
                id: label
                objectName: "noticeText"
                anchors.fill: parent
                anchors.leftMargin: Theme.margin
                anchors.rightMargin: Theme.margin
                verticalAlignment: Text.AlignVCenter
                text: notice.text
                color: Theme.text
                font.pixelSize: Theme.fontNormal
                font.bold: true
                wrapMode: Text.Wrap
            }
            MouseArea {
                anchors.fill: parent
                onClicked: shown.remove(notice.index)
            }
        }
    }
}
