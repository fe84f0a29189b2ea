// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchReceiver} from "../../shared/interfaces/IBatchReceiver.sol";
import {ICrossDomainMessenger} from "../../shared/interfaces/external/ICrossDomainMessenger.sol";
import {HubBridgeReceiver} from "./HubBridgeReceiver.sol";

/// @title OpStackHubReceiver
/// @notice Hub half of the OP Stack bridge adapter for one spoke: the L1CrossDomainMessenger relays
///         the spoke adapter's message (with the batch ETH) here once the withdrawal is finalized.
contract OpStackHubReceiver is HubBridgeReceiver {
    constructor(IBatchReceiver ledger_, uint32 srcEid_, ICrossDomainMessenger messenger, address spokeAdapter_)
        HubBridgeReceiver(ledger_, srcEid_, address(messenger), spokeAdapter_)
    {}

    function _l2Sender() internal view override returns (address) {
        return ICrossDomainMessenger(bridge).xDomainMessageSender();
    }
}
