// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICrossDomainMessenger} from "../../shared/interfaces/external/ICrossDomainMessenger.sol";
import {IHubBridgeReceiver} from "../../shared/interfaces/IHubBridgeReceiver.sol";
import {SpokeBridgeAdapter} from "./SpokeBridgeAdapter.sol";

/// @title OpStackSpokeAdapter
/// @notice Sends a batch's ETH to the hub through the OP Stack's L2 CrossDomainMessenger. After the
///         withdrawal is proven and finalized on L1, the L1 messenger calls
///         `hubReceiver.deliverBatch{value}(batchId)`, and the receiver checks that this adapter sent it.
contract OpStackSpokeAdapter is SpokeBridgeAdapter {
    /// @notice The L2 messenger (predeploy 0x4200000000000000000000000000000000000007 on OP Stack chains).
    ICrossDomainMessenger public immutable messenger;
    /// @notice Gas the L1 messenger must give `deliverBatch`.
    uint32 public immutable minGasLimit;

    constructor(address spokePool_, address hubReceiver_, ICrossDomainMessenger messenger_, uint32 minGasLimit_)
        SpokeBridgeAdapter(spokePool_, hubReceiver_)
    {
        if (address(messenger_) == address(0)) revert BridgeAdapter_ZeroAddress();
        messenger = messenger_;
        minGasLimit = minGasLimit_;
    }

    function _send(uint64 batchId, uint256 amount) internal override {
        messenger.sendMessage{value: amount}(
            hubReceiver, abi.encodeCall(IHubBridgeReceiver.deliverBatch, (batchId)), minGasLimit
        );
    }
}
