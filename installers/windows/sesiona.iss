; Sesiona: Windows installer (Inno Setup 6).
;
; Built by .github/workflows/windows-installer.yml on a Windows runner, after PyInstaller has
; written dist\sesiona\ from installers\pyinstaller\sesiona.spec and installers\icons.py the
; icons into build\icons\:
;   iscc /DAppVersion=0.1.0 installers\windows\sesiona.iss
; The version is read from pyproject.toml by the workflow and passed here; it is written
; nowhere else.
;
; Per user by default (no administrator rights; %LOCALAPPDATA%\Programs\Sesiona), or for all
; users (Program Files) if chosen in the first dialog or with /ALLUSERS. The user's data
; (%LOCALAPPDATA%\Sesiona: the database, its backups, the "confianza" folder) and settings
; (HKCU\Software\MTPE\Sesiona) are not the installer's files: uninstalling leaves them, and an
; upgrade installs over the program only, so the data survives and Sesiona migrates the base
; (after a backup) the first time it opens it.

#ifndef AppVersion
  #error Falta la versión: iscc /DAppVersion=X.Y.Z installers\windows\sesiona.iss
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\sesiona"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\sesiona.ico"
#endif

[Setup]
; The AppId identifies Sesiona across versions: never change it, or upgrades install twice.
AppId={{B9490D36-421E-4DDC-B76E-9F2B7C59711F}
AppName=Sesiona
AppVersion={#AppVersion}
AppVerName=Sesiona {#AppVersion}
AppPublisher=Ministerio de Trabajo y Promoción del Empleo (MTPE)
AppComments=Sesiones, actas, acuerdos y planes de los comités regionales
DefaultDirName={autopf}\Sesiona
DefaultGroupName=Sesiona
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=sesiona-{#AppVersion}-instalador
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\sesiona.exe
UninstallDisplayName=Sesiona {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Sesiona must be closed to be replaced: the installer offers to close it.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the program whole, so no file of an older version lingers in _internal.
; Only the program folder: the user's data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Sesiona"; Filename: "{app}\sesiona.exe"; IconFilename: "{app}\sesiona.exe"; Comment: "Sesiones, actas y acuerdos de los comités regionales"
Name: "{autodesktop}\Sesiona"; Filename: "{app}\sesiona.exe"; IconFilename: "{app}\sesiona.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\sesiona.exe"; Description: "{cm:LaunchProgram,Sesiona}"; Flags: nowait postinstall skipifsilent
