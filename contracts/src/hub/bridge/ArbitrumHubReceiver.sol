// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchReceiver} from "../../shared/interfaces/IBatchReceiver.sol";
import {IArbBridge, IArbOutbox} from "../../shared/interfaces/external/IArbBridge.sol";
import {HubBridgeReceiver} from "./HubBridgeReceiver.sol";

/// @title ArbitrumHubReceiver
/// @notice Hub half of the Arbitrum bridge adapter for one spoke: the Outbox executes the spoke
///         adapter's L2-to-L1 message through the Bridge, which calls here with the batch ETH.
contract ArbitrumHubReceiver is HubBridgeReceiver {
    constructor(IBatchReceiver ledger_, uint32 srcEid_, IArbBridge arbBridge, address spokeAdapter_)
        HubBridgeReceiver(ledger_, srcEid_, address(arbBridge), spokeAdapter_)
    {}

    /// @dev The Bridge only calls during an Outbox execution; that Outbox knows the L2 sender.
    function _l2Sender() internal view override returns (address) {
        return IArbOutbox(IArbBridge(bridge).activeOutbox()).l2ToL1Sender();
    }
}
