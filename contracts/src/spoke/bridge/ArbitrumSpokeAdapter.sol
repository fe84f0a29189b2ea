// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IArbSys} from "../../shared/interfaces/external/IArbSys.sol";
import {IHubBridgeReceiver} from "../../shared/interfaces/IHubBridgeReceiver.sol";
import {SpokeBridgeAdapter} from "./SpokeBridgeAdapter.sol";

/// @title ArbitrumSpokeAdapter
/// @notice Sends a batch's ETH to the hub through Arbitrum's ArbSys precompile. Once the assertion is
///         confirmed, executing the message in the L1 Outbox calls `hubReceiver.deliverBatch{value}(batchId)`
///         through the Bridge, and the receiver checks that this adapter was the L2 sender.
contract ArbitrumSpokeAdapter is SpokeBridgeAdapter {
    /// @notice ArbSys precompile address on every Arbitrum chain.
    IArbSys public constant ARB_SYS = IArbSys(address(0x64));

    /// @notice The L2-to-L1 message id ArbSys returned for a batch, for tracking it to the Outbox.
    event ArbitrumWithdrawal(uint64 indexed batchId, uint256 withdrawalId);

    constructor(address spokePool_, address hubReceiver_) SpokeBridgeAdapter(spokePool_, hubReceiver_) {}

    function _send(uint64 batchId, uint256 amount) internal override {
        uint256 withdrawalId =
            ARB_SYS.sendTxToL1{value: amount}(hubReceiver, abi.encodeCall(IHubBridgeReceiver.deliverBatch, (batchId)));
        emit ArbitrumWithdrawal(batchId, withdrawalId);
    }
}
