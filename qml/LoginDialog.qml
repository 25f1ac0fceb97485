import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Asks for the operator's name and token when the gateway wants them (it has a users file and no
// valid token was given), and says plainly when they were wrong. The console keeps watching the
// city meanwhile; only control needs a login.
Popup {
    id: dialog

    readonly property ControlClient client: Console.control
    readonly property bool checking: client.loginState === ControlClient.Identifying

    function submit() {
        if (name.text.trim().length === 0 || token.text.trim().length === 0)
            return
        dialog.client.login(name.text, token.text)
    }

    visible: client.loginState === ControlClient.NeedsLogin || (checking && opened)
    width: 440
    implicitHeight: content.implicitHeight + topPadding + bottomPadding
    padding: Theme.margin * 1.5
    modal: true
    focus: true
    closePolicy: Popup.NoAutoClose
    onOpened: {
        if (name.text.length === 0)
            name.text = client.requestedName
        token.text = ""
        if (name.text.length === 0)
            name.forceActiveFocus()
        else
            token.forceActiveFocus()
    }

    background: Rectangle {
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.accent
        border.width: 2
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    ColumnLayout {
        id: content
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            text: qsTr("Operator login")
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("The gateway at %1 shows its city and controls signals only for known operators.").arg(Console.link.address)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("Name")
            color: Theme.text
        }
        TextField {
            id: name
            objectName: "loginName"
            Layout.fillWidth: true
            color: Theme.text
            enabled: !dialog.checking
            onAccepted: token.forceActiveFocus()
        }
        Label {
            text: qsTr("Token")
            color: Theme.text
        }
        TextField {
            id: token
            objectName: "loginToken"
            Layout.fillWidth: true
            color: Theme.text
            echoMode: TextInput.Password
            enabled: !dialog.checking
            onAccepted: dialog.submit()
        }
        Rectangle {
            Layout.fillWidth: true
            visible: dialog.client.loginError.length > 0
            implicitHeight: error.implicitHeight + Theme.spacing * 2
            radius: Theme.radius
            color: Theme.bannerLost
            Label {
                id: error
                objectName: "loginError"
                anchors.fill: parent
                anchors.margins: Theme.spacing
                text: dialog.client.loginError
                color: Theme.text
                font.bold: true
                wrapMode: Text.Wrap
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                visible: dialog.checking
                text: qsTr("Checking…")
                color: Theme.textMuted
            }
            Item { Layout.fillWidth: true; visible: !dialog.checking }
            Button {
                objectName: "loginButton"
                text: qsTr("Log in")
                highlighted: true
                enabled: !dialog.checking && name.text.trim().length > 0 && token.text.trim().length > 0
                onClicked: dialog.submit()
            }
        }
    }
}
