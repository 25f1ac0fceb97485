import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Confirms putting the selected intersection into flash: every vehicle movement flashes amber
// once the running green has served its minimum and its clearance.
Popup {
    id: dialog

    required property SelectedControl control
    required property string intersectionName

    width: 460
    implicitHeight: content.implicitHeight + topPadding + bottomPadding
    padding: Theme.margin
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape
    onOpened: cancel.forceActiveFocus()

    background: Rectangle {
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.signalFlashing
        border.width: 2
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    ColumnLayout {
        id: content
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: qsTr("Put %1 into flash?").arg(dialog.intersectionName)
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Every vehicle signal will flash amber after the current green has served its minimum and its yellow and all-red. Drivers must yield as at an unsignalled junction.")
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Item { Layout.fillWidth: true }
            Button {
                id: cancel
                text: qsTr("Cancel")
                onClicked: dialog.close()
            }
            Button {
                objectName: "flashConfirm"
                text: qsTr("Flash")
                palette.button: Theme.danger
                palette.buttonText: Theme.textOnAccent
                onClicked: {
                    dialog.control.flash()
                    dialog.close()
                }
            }
        }
    }
}
