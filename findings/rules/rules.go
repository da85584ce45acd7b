// Package rules holds dartkit's built-in diagnoses. A rule that recognises
// one failure message is an entry of the table in messages.go; a rule with
// logic of its own lives in a file of its own. Each rule's scenarios, logs
// with the finding they must give, are in testdata/<rule id>/ (see
// TestScenarios).
package rules

import "github.com/dartkit/dartkit/findings"

// All returns the built-in rules, in a stable order.
func All() []*findings.Rule {
	return []*findings.Rule{
		MusLookupCSCvu39643,
		MusLookupFailing,
		MusCaptureOnly,
		// The catalogue of client-side problems, in catalogue order.
		CertChainUntrusted,         // 1
		UntrustedServerBlocked,     // 2
		Reason59CertProblems,       // 3
		LinuxNSSMissing,            // 3, Linux 5.x cause
		ClientCertNotFound,         // 4
		RemoteUserDisabled,         // 5
		RemoteDesktopDisabled,      // 6
		SingleLocalUser,            // 7
		UnauthorizedMechanism,      // 8
		SubsystemInitFailed,        // 9
		VirtualAdapterError,        // 10
		IPCDepotICS,                // 11
		DownloaderAgentUnreachable, // 12
		HeadendDNSFailure,          // 13
		GatewayUnreachable,         // 14
		GatewayConnectFailed,       // 15
		GatewayRejected,            // 16
		CaptivePortal,              // 17
		HeadendPackageMissing,      // 18
		SSONavigationFailed,        // 19
		ConnectNullObject,          // 20
		NoProfile,                  // 21
		AgentBinaryModified,        // 22
		DTLSDeadPeer,               // 23
		TrustedNetwork,             // 24
		AgentCrashed,               // 26
	}
}

// Registry returns a new registry holding the built-in rules; callers may
// add their own to it.
func Registry() *findings.Registry {
	g, err := findings.NewRegistry(All()...)
	if err != nil {
		panic("dartkit: built-in rules do not validate: " + err.Error())
	}
	return g
}
